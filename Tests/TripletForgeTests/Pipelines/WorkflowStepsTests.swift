import Foundation
import Testing
@testable import TripletForge

/// Executes the runnable steps of pipelines/*.yml as they are written (extracted from the YAML by
/// step id), with `GITHUB_OUTPUT`, `GITHUB_STEP_SUMMARY` and `GITHUB_ENV` pointing at temp files,
/// and asserts on what they write: first run, due and not due, and re-rated or rebuilt rows.
@Suite(.serialized) struct WorkflowStepsTests {
    static let retrain = packageRoot.appendingPathComponent("pipelines/retrain-reranker.yml")
    static let gate = packageRoot.appendingPathComponent("pipelines/threshold-gate.yml")
    static let fixture = packageRoot.appendingPathComponent("Fixtures/interactions.sqlite")

    struct StepResult {
        var status: Int32
        var stdout: String
        var stderr: String
        var outputs: [String: String]
        var summary: String
        var githubEnv: String
    }

    /// A fake runner: a workspace (the checkout), RUNNER_TEMP, and the GITHUB_* files.
    final class Runner {
        let root = try! TemporaryDirectory()
        var workspace: URL { root.url.appendingPathComponent("workspace") }
        var runnerTemp: URL { root.url.appendingPathComponent("runner-temp") }
        let tool: URL

        init() throws {
            tool = try tripletforgeExecutable()
            try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: runnerTemp, withIntermediateDirectories: true)
        }

        /// Runs one step's script with bash as GitHub does (`bash --noprofile --norc -eo pipefail`).
        /// Every `env:` value that is a `${{ }}` expression must be given in `expressions`.
        func run(_ file: URL, step id: String, expressions: [String: String] = [:], extra: [String: String] = [:]) throws -> StepResult {
            let step = try WorkflowFile(file).step(id: id)
            #expect(!step.run.contains("${{"), "step \(id) must take its inputs from env:, not from expressions in the script")
            var env: [String: String] = [:]
            for (key, value) in step.env {
                if value.contains("${{") {
                    guard let given = expressions[key] else { throw TestError("step \(id): the test gives no value for env \(key) = \(value)") }
                    env[key] = given
                } else {
                    env[key] = expressions[key] ?? value
                }
            }
            let files = root.url.appendingPathComponent("github-\(id)-\(UUID().uuidString.prefix(6))")
            try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
            for name in ["output", "summary", "env"] { _ = FileManager.default.createFile(atPath: files.appendingPathComponent(name).path, contents: nil) }
            env["GITHUB_OUTPUT"] = files.appendingPathComponent("output").path
            env["GITHUB_STEP_SUMMARY"] = files.appendingPathComponent("summary").path
            env["GITHUB_ENV"] = files.appendingPathComponent("env").path
            env["RUNNER_TEMP"] = runnerTemp.path
            env["TRIPLETFORGE"] = tool.path
            env.merge(extra) { _, new in new }
            let script = files.appendingPathComponent("step.sh")
            try Data(step.run.utf8).write(to: script)
            let result = try runProcess(URL(fileURLWithPath: "/bin/bash"), ["--noprofile", "--norc", "-eo", "pipefail", script.path], environment: env, in: workspace)
            func read(_ name: String) -> String { (try? String(contentsOf: files.appendingPathComponent(name), encoding: .utf8)) ?? "" }
            var outputs: [String: String] = [:]
            for line in read("output").split(separator: "\n") {
                guard let eq = line.firstIndex(of: "=") else { continue }
                outputs[String(line[..<eq])] = String(line[line.index(after: eq)...])
            }
            return StepResult(status: result.status, stdout: result.stdout, stderr: result.stderr, outputs: outputs, summary: read("summary"), githubEnv: read("env"))
        }

        /// The fetch-snapshot and build-dataset steps of the retrain workflow, on `database`.
        func buildDataset(from database: URL, into name: String = "dataset") throws -> URL {
            let snapshot = runnerTemp.appendingPathComponent("snapshot.sqlite").path
            let fetch = try run(WorkflowStepsTests.retrain, step: "fetch-snapshot", expressions: [
                "SNAPSHOT_URL": "", "PG_SERVICE": "", "DATABASE_PATH": database.path, "SNAPSHOT": snapshot])
            try #require(fetch.status == 0, "fetch-snapshot failed: \(fetch.stderr)")
            let dataset = runnerTemp.appendingPathComponent(name)
            let build = try run(WorkflowStepsTests.retrain, step: "build-dataset", expressions: ["SNAPSHOT": snapshot, "DATASET": dataset.path])
            try #require(build.status == 0, "build-dataset failed: \(build.stderr)")
            #expect(FileManager.default.fileExists(atPath: dataset.appendingPathComponent("manifest.json").path))
            return dataset
        }

        /// The threshold gate's check step (the retrain workflow calls the gate; it has no copy).
        /// The config file is read from the caller's checkout, `.caller/` in the workspace.
        func check(dataset: URL, previous: URL?, minNewTriplets: String = "", minNewQueryGroups: String = "", maxAgeDays: String = "", failWhenNotDue: String = "false") throws -> StepResult {
            try run(WorkflowStepsTests.gate, step: "check", expressions: [
                "DATASET": dataset.path,
                "PREVIOUS": previous?.path ?? runnerTemp.appendingPathComponent("previous-dataset").path,
                "CONFIG_FILE": "tripletforge.toml", "FAIL_WHEN_NOT_DUE": failWhenNotDue,
                "MIN_NEW_TRIPLETS": minNewTriplets, "MIN_NEW_QUERY_GROUPS": minNewQueryGroups, "MAX_AGE_DAYS": maxAgeDays,
            ])
        }
    }

    /// A writable copy of the interactions fixture (456 triplets from 152 query groups).
    static func fixtureCopy(in runner: Runner) throws -> URL {
        let copy = runner.root.url.appendingPathComponent("app.sqlite")
        try FileManager.default.copyItem(at: fixture, to: copy)
        return copy
    }

    @Test func buildToolStepExportsTheBinaryPath() throws {
        let runner = try Runner()
        // `swift build` itself cannot run inside `swift test` (the build directory is locked), so
        // a stand-in `swift` on PATH answers `--show-bin-path` with the real build directory.
        let bin = runner.root.url.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let fake = bin.appendingPathComponent("swift")
        let log = runner.root.url.appendingPathComponent("swift-calls")
        try Data("#!/bin/sh\necho \"$*\" >> '\(log.path)'\ncase \"$*\" in *--show-bin-path*) echo '\(runner.tool.deletingLastPathComponent().path)';; esac\n".utf8).write(to: fake)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        let path = bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        for file in [Self.retrain, Self.gate] {
            try? FileManager.default.removeItem(at: log)
            let result = try runner.run(file, step: "build-tool", extra: ["PATH": path])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(try String(contentsOf: log, encoding: .utf8).contains("build -c release --product tripletforge"))
            #expect(result.githubEnv == "TRIPLETFORGE=\(runner.tool.path)\n")
        }
    }

    @Test func fetchSnapshotStepFailsClearlyWithoutASource() throws {
        let runner = try Runner()
        let result = try runner.run(Self.retrain, step: "fetch-snapshot", expressions: [
            "SNAPSHOT_URL": "", "PG_SERVICE": "", "DATABASE_PATH": "", "SNAPSHOT": runner.runnerTemp.appendingPathComponent("s.sqlite").path])
        #expect(result.status == 3)
        #expect(result.stdout.contains("::error::Set the TRIPLETFORGE_SNAPSHOT_URL secret"))
    }

    @Test func firstRunWithNoPreviousDataset() throws {
        let runner = try Runner()
        let dataset = try runner.buildDataset(from: Self.fixture)

        // Defaults (1000 triplets, 256 groups): the fixture is too small.
        let defaults = try runner.check(dataset: dataset, previous: nil)
        #expect(defaults.status == 0)
        #expect(defaults.stdout.contains("::notice title=First training::"))
        #expect(defaults.outputs == ["due": "false", "new_triplets": "456", "new_query_groups": "152",
                                     "reason": "not due: 456 new triplets (no previous dataset: everything is new), fewer than 1000"])

        // Thresholds from the dispatch inputs: due.
        let due = try runner.check(dataset: dataset, previous: nil, minNewTriplets: "300", minNewQueryGroups: "150")
        #expect(due.status == 0)
        #expect(due.outputs["due"] == "true")
        #expect(due.outputs["new_triplets"] == "456")
        #expect(due.outputs["reason"]?.hasPrefix("due: 456 new triplets from 152 query groups") == true)
        #expect(due.summary.contains("## TripletForge threshold check: ✅ retraining is due"))
        #expect(due.summary.contains("| **new triplets** (min 300) | 456 |"))
        #expect(due.summary.contains("```mermaid\npie showData title Label mix"))
        #expect(due.summary.contains("### Rejected records by reason"))

        // One group short of the balance rule: not due.
        let unbalanced = try runner.check(dataset: dataset, previous: nil, minNewTriplets: "300", minNewQueryGroups: "153")
        #expect(unbalanced.outputs["due"] == "false")
        #expect(unbalanced.outputs["reason"] == "not due: the new triplets come from 152 query groups, fewer than 153")
    }

    @Test func notDueWhenNothingIsNewAndConfigIsRead() throws {
        let runner = try Runner()
        let dataset = try runner.buildDataset(from: Self.fixture)
        let same = try runner.check(dataset: dataset, previous: dataset, minNewTriplets: "1", minNewQueryGroups: "1")
        #expect(same.outputs["due"] == "false")
        #expect(same.outputs["new_triplets"] == "0")
        #expect(!same.stdout.contains("First training"))

        // tripletforge.toml in the caller's checkout: its [check] thresholds apply; flags override them.
        let caller = runner.workspace.appendingPathComponent(".caller")
        try FileManager.default.createDirectory(at: caller, withIntermediateDirectories: true)
        try Data("[check]\nmin_new_triplets = 300\nmin_new_query_groups = 100\n".utf8).write(to: caller.appendingPathComponent("tripletforge.toml"))
        let configured = try runner.check(dataset: dataset, previous: nil)
        #expect(configured.outputs["due"] == "true")
        #expect(configured.summary.contains("| **new query groups** (min 100) | 152 |"))
        let overridden = try runner.check(dataset: dataset, previous: nil, minNewTriplets: "457")
        #expect(overridden.outputs["due"] == "false")
        #expect(overridden.outputs["reason"] == "not due: 456 new triplets (no previous dataset: everything is new), fewer than 457")
    }

    /// Dataset A, then the app rebuilds its ids, replays rated exchanges under new ids and flips
    /// the ratings of one query group: B --since A must count no new triplets outside that group.
    /// Three genuinely new query groups then count as exactly three.
    @Test func reratedAndRebuiltRowsDoNotInflateTheNewCount() throws {
        let runner = try Runner()
        let app = try Self.fixtureCopy(in: runner)
        let datasetA = try runner.buildDataset(from: app, into: "dataset-a")

        try executeSQL("""
            UPDATE interactions SET id = id + 1000000;
            INSERT INTO interactions (id, session_id, created_at, query, answer, chunks, feedback)
              SELECT id + 1000000, session_id, created_at, query, answer, chunks, feedback FROM interactions WHERE feedback IS NOT NULL;
            """, on: app.path)
        let datasetB = try runner.buildDataset(from: app, into: "dataset-b")
        let rebuilt = try runner.check(dataset: datasetB, previous: datasetA, minNewTriplets: "1", minNewQueryGroups: "1")
        #expect(rebuilt.outputs["due"] == "false")
        #expect(rebuilt.outputs["new_triplets"] == "0")
        #expect(rebuilt.outputs["new_query_groups"] == "0")

        // Re-rating: feature 7's thumbs-up becomes a thumbs-down and vice versa.
        try executeSQL("UPDATE interactions SET feedback = -feedback WHERE session_id = 'gen-7' AND feedback IS NOT NULL;", on: app.path)
        let datasetC = try runner.buildDataset(from: app, into: "dataset-c")
        let rerated = try runner.check(dataset: datasetC, previous: datasetA, minNewTriplets: "1", minNewQueryGroups: "1")
        #expect(Int(rerated.outputs["new_query_groups"] ?? "") ?? -1 <= 1, "only the re-rated group may contribute: \(rerated.outputs)")

        // Three brand-new query groups, each with a cited thumbs-up and a thumbs-down.
        try executeSQL("""
            WITH RECURSIVE n(i) AS (SELECT 901 UNION ALL SELECT i + 1 FROM n WHERE i < 903)
            INSERT INTO interactions (id, session_id, created_at, query, answer, chunks, feedback)
            SELECT 5000000 + i * 2, 'new-' || i, '2026-02-28T12:00:00Z', printf('How do I export report %d?', i), 'Use Export [1].',
                   json_array(json_object('text', printf('Report %d is exported from Reports › Export as CSV.', i), 'chunk_type', 'leaf', 'doc_id', 'r', 'rerank_score', 0.9),
                              json_object('text', printf('Report %d was added in 2024.', i), 'chunk_type', 'leaf', 'doc_id', 'h', 'rerank_score', 0.5)), 1 FROM n
            UNION ALL
            SELECT 5000001 + i * 2, 'new-' || i || '-b', '2026-02-28T12:30:00Z', printf('how do i export report %d', i), 'Ask support.',
                   json_array(json_object('text', printf('Support for report %d is open 9-5.', i), 'chunk_type', 'leaf', 'doc_id', 's', 'rerank_score', 0.7),
                              json_object('text', printf('Report %d costs extra.', i), 'chunk_type', 'leaf', 'doc_id', 'p', 'rerank_score', 0.6)), -1 FROM n;
            """, on: app.path)
        let datasetD = try runner.buildDataset(from: app, into: "dataset-d")
        let reratedGroups = Int(rerated.outputs["new_query_groups"] ?? "") ?? 0
        let grown = try runner.check(dataset: datasetD, previous: datasetA, minNewTriplets: "1", minNewQueryGroups: "\(3 + reratedGroups)")
        #expect(grown.outputs["new_query_groups"] == "\(3 + reratedGroups)")
        #expect(grown.outputs["due"] == "true")
        let short = try runner.check(dataset: datasetD, previous: datasetA, minNewTriplets: "1", minNewQueryGroups: "\(4 + reratedGroups)")
        #expect(short.outputs["due"] == "false")
    }

    @Test func thresholdGateStepMatchesAndGates() throws {
        let runner = try Runner()
        let dataset = try runner.buildDataset(from: Self.fixture)
        let due = try runner.check(dataset: dataset, previous: nil, minNewTriplets: "10", minNewQueryGroups: "10", failWhenNotDue: "true")
        #expect(due.status == 0)
        #expect(due.outputs["due"] == "true")
        #expect(due.summary.contains("retraining is due"))

        let notDue = try runner.check(dataset: dataset, previous: dataset, failWhenNotDue: "true")
        #expect(notDue.status == 1, "--exit-code fails the gate job when not due")
        #expect(notDue.outputs["due"] == "false", "outputs are written before the gate fails")

        let informational = try runner.check(dataset: dataset, previous: dataset, maxAgeDays: "0", failWhenNotDue: "false")
        #expect(informational.status == 0)
        #expect(informational.outputs["new_triplets"] == "0")
    }
}
