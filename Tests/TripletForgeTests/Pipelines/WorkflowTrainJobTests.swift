import Foundation
import Testing
@testable import TripletForge

/// The retrain workflow's train step as written (with a stand-in venv whose `python` plays the
/// trainer's exit codes), the wiring of its jobs (record only after a promotion, the gate called
/// instead of copied), and every third-party action pinned to a full commit.
@Suite(.serialized) struct WorkflowTrainJobTests {
    typealias Runner = WorkflowStepsTests.Runner
    static let pipelines = packageRoot.appendingPathComponent("pipelines")

    /// Runs the `train` step with a fake scripts/trainer-venv.sh in the workspace; returns the step
    /// result and the arguments the fake trainer got.
    static func train(exit code: Int, baseModel: String = "", minGain: String = "") throws -> (WorkflowStepsTests.StepResult, String) {
        let runner = try Runner()
        let venv = runner.root.url.appendingPathComponent("venv")
        let args = runner.root.url.appendingPathComponent("trainer-args")
        let scripts = runner.workspace.appendingPathComponent("scripts")
        try FileManager.default.createDirectory(at: scripts, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: venv.appendingPathComponent("bin"), withIntermediateDirectories: true)
        let files = [
            scripts.appendingPathComponent("trainer-venv.sh"): "#!/bin/sh\necho '\(venv.path)'\n",
            venv.appendingPathComponent("bin/python"): """
                #!/bin/sh
                printf '%s\\n' "$*" > '\(args.path)'
                case \(code) in 0) echo promoted=true >> "$GITHUB_OUTPUT" ;; 1) echo promoted=false >> "$GITHUB_OUTPUT" ;; esac
                exit \(code)

                """,
        ]
        for (file, text) in files {
            try Data(text.utf8).write(to: file)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file.path)
        }
        let result = try runner.run(WorkflowStepsTests.retrain, step: "train", expressions: [
            "TRAINED": "/out/trained", "BASE_MODEL": baseModel, "MIN_GAIN": minGain])
        return (result, (try? String(contentsOf: args, encoding: .utf8)) ?? "")
    }

    @Test func trainStepPassesThePromotionVerdictOnAndFailsOnBadInput() throws {
        let (promoted, args) = try Self.train(exit: 0, baseModel: "org/model", minGain: "0.02")
        #expect(promoted.status == 0, "\(promoted.stderr)")
        #expect(promoted.outputs["promoted"] == "true")
        #expect(promoted.stdout.contains("::notice title=Reranker promoted::"))
        #expect(args == "pipelines/train-reranker.py --dataset dataset --output /out/trained --base-model org/model --min-gain 0.02\n")

        let (rejected, defaults) = try Self.train(exit: 1)
        #expect(rejected.status == 0, "not promoted is a result, not a failed job")
        #expect(rejected.outputs["promoted"] == "false")
        #expect(rejected.stdout.contains("::warning title=Reranker not promoted::"))
        #expect(defaults == "pipelines/train-reranker.py --dataset dataset --output /out/trained\n", "empty inputs leave the trainer's defaults")

        for code in [3, 4] {
            let (failed, _) = try Self.train(exit: code)
            #expect(failed.status == Int32(code))
            #expect(failed.outputs["promoted"] == nil)
            #expect(failed.stdout.contains("::error title=Training failed::train-reranker.py exited \(code)"))
        }
    }

    /// The lines of one job (`  name:` under `jobs:` up to the next job).
    static func job(_ name: String, in text: String) throws -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex(of: "  \(name):"), "no job \(name)")
        let end = lines[(start + 1)...].firstIndex { $0.hasPrefix("  ") && !$0.hasPrefix("   ") && !$0.hasPrefix("  #") } ?? lines.count
        return Array(lines[start..<end]).map { $0.trimmingCharacters(in: .whitespaces) }
    }

    @Test func stateMovesOnlyAfterAPromotionAndTheGateIsCalledNotCopied() throws {
        let retrain = try String(contentsOf: WorkflowStepsTests.retrain, encoding: .utf8)
        #expect(!retrain.lowercased().contains("placeholder"))
        #expect(try Self.job("record", in: retrain).contains("if: needs.train.outputs.promoted == 'true'"))
        #expect(try Self.job("record-rejected", in: retrain).contains("if: needs.train.outputs.promoted == 'false'"))
        #expect(try Self.job("train", in: retrain).contains("promoted: ${{ steps.train.outputs.promoted }}"))
        let gate = try Self.job("gate", in: retrain)
        #expect(gate.contains("uses: ./.github/workflows/threshold-gate.yml"))
        #expect(!retrain.contains("id: check"), "the threshold check lives in the gate only")

        let gateWorkflow = try String(contentsOf: WorkflowStepsTests.gate, encoding: .utf8)
        #expect(gateWorkflow.contains("repository: ${{ inputs.tripletforge-repository || github.repository }}"))
        #expect(gateWorkflow.contains("ref: ${{ inputs.tripletforge-ref }}"))
    }

    @Test func everyActionIsPinnedToAFullCommit() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.pipelines.path).filter { $0.hasSuffix(".yml") }
        #expect(files.count >= 2)
        let pinned = try Regex(#"^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$"#)
        var seen = 0
        for file in files {
            let text = try String(contentsOf: Self.pipelines.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let trimmed = line.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "- ", with: "")
                guard trimmed.hasPrefix("uses:") else { continue }
                let target = trimmed.dropFirst(5).split(separator: "#")[0].trimmingCharacters(in: .whitespaces)
                seen += 1
                if target.hasPrefix("./") { continue } // a workflow of the same commit
                #expect(target.wholeMatch(of: pinned) != nil, "\(file): `\(target)` is not pinned to a full commit sha")
            }
        }
        #expect(seen >= 10)
    }
}
