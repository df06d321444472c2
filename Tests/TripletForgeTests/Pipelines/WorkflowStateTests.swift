import Foundation
import Testing
@testable import TripletForge

/// The retrain workflow's state steps (`fetch-last-trained`, `record`, `record-rejected`) run as
/// written, with a fake `gh` whose release is a directory: a missing release is a first training,
/// any other lookup error fails, the newest state wins, state holds no user text, a new state is
/// uploaded before the old one is removed, and a rejected dataset is not trained on again.
@Suite(.serialized) struct WorkflowStateTests {
    typealias Runner = WorkflowStepsTests.Runner
    static let retrain = WorkflowStepsTests.retrain
    static let tag = "tripletforge-last-trained"

    static func fetch(_ runner: Runner, _ gh: FakeGitHubCLI, failing: String = "") throws -> WorkflowStepsTests.StepResult {
        try runner.run(retrain, step: "fetch-last-trained", expressions: [
            "GH_TOKEN": "t", "GH_REPO": "o/r", "PREVIOUS": runner.runnerTemp.appendingPathComponent("previous-dataset").path],
            extra: gh.environment(failing: failing).merging(["STATE_TAG": tag]) { $1 })
    }

    static func record(_ runner: Runner, _ gh: FakeGitHubCLI, step: String = "record", run: String = "42", failing: String = "") throws -> WorkflowStepsTests.StepResult {
        try runner.run(retrain, step: step, expressions: [
            "GH_TOKEN": "t", "GH_REPO": "o/r", "RUN_ID": run, "RUN_ATTEMPT": "1", "RUN_URL": "https://example/runs/\(run)",
            "GAIN": "0.05", "MANIFEST_SHA256": "abc"],
            extra: gh.environment(failing: failing).merging(["STATE_TAG": tag]) { $1 })
    }

    /// A built dataset where the record steps find it (the download-artifact path `dataset`).
    static func datasetInWorkspace(_ runner: Runner) throws -> URL {
        let built = try runner.buildDataset(from: WorkflowStepsTests.fixture)
        let target = runner.workspace.appendingPathComponent("dataset")
        try? FileManager.default.removeItem(at: target)
        try FileManager.default.copyItem(at: built, to: target)
        return target
    }

    /// A gzipped tar of `files` (name → contents), as a state or legacy asset.
    static func tarball(_ runner: Runner, _ name: String, _ files: [String: String]) throws -> URL {
        let dir = runner.root.url.appendingPathComponent("tar-\(name)")
        for (path, contents) in files {
            let file = dir.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: file)
        }
        let out = runner.root.url.appendingPathComponent(name)
        let tar = try runProcess(URL(fileURLWithPath: "/bin/tar"), ["-czf", out.path, "-C", dir.path, "."])
        try #require(tar.status == 0, "\(tar.stderr)")
        return out
    }

    static func members(of tarball: URL) throws -> [String] {
        try runProcess(URL(fileURLWithPath: "/bin/tar"), ["-tzf", tarball.path]).stdout.split(separator: "\n").map(String.init).sorted()
    }

    @Test func fetchWithoutAReleaseIsAFirstTraining() throws {
        let runner = try Runner()
        let gh = try FakeGitHubCLI(in: runner.root.url)
        let result = try Self.fetch(runner, gh)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.outputs == ["found": "false"])
        #expect(result.stdout.contains("::notice title=First training::"))
    }

    @Test func fetchFailsOnAnyOtherLookupError() throws {
        let runner = try Runner()
        let gh = try FakeGitHubCLI(in: runner.root.url)
        try gh.createRelease()
        let result = try Self.fetch(runner, gh, failing: "view")
        #expect(result.status == 1)
        #expect(result.outputs["found"] == nil, "a 5xx is not a first training")
        #expect(result.stdout.contains("::error title=State lookup failed::"))
        #expect(result.stderr.contains("HTTP 500"))
    }

    @Test func fetchTakesTheNewestStateByRunNumberAndOnlyManifestAndIndex() throws {
        let runner = try Runner()
        let gh = try FakeGitHubCLI(in: runner.root.url)
        func state(_ name: String) throws -> URL { try Self.tarball(runner, name, ["manifest.json": name, "content-index.bin": "index of \(name)"]) }
        try gh.createRelease(assets: [
            "last-trained-state-999-2.tar.gz": try state("t999"),
            "last-rejected-state-1000-1.tar.gz": try state("r1000"),
            "last-trained-state-250-1.tar.gz": try state("t250"),
            "notes.txt": try state("other"),
        ])
        let result = try Self.fetch(runner, gh)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.outputs == ["found": "true", "kind": "rejected", "asset": "last-rejected-state-1000-1.tar.gz"], "numeric order, not text order")
        let previous = runner.runnerTemp.appendingPathComponent("previous-dataset")
        #expect(try String(contentsOf: previous.appendingPathComponent("manifest.json"), encoding: .utf8) == "r1000")
        #expect(try FileManager.default.contentsOfDirectory(atPath: previous.path).sorted() == ["content-index.bin", "manifest.json"])
    }

    @Test func fetchReadsTheFormerFullDatasetAssetButHandsOnNoShards() throws {
        let runner = try Runner()
        let gh = try FakeGitHubCLI(in: runner.root.url)
        let legacy = try Self.tarball(runner, "legacy", ["manifest.json": "{}", "content-index.bin": "i", "data/train-00000-of-00001.jsonl.gz": "user text"])
        try gh.createRelease(assets: ["last-trained-dataset.tar.gz": legacy])
        let result = try Self.fetch(runner, gh)
        #expect(result.outputs["found"] == "true")
        #expect(result.outputs["kind"] == "trained")
        let previous = runner.runnerTemp.appendingPathComponent("previous-dataset")
        #expect(try FileManager.default.contentsOfDirectory(atPath: previous.path).sorted() == ["content-index.bin", "manifest.json"])
    }

    @Test func recordUploadsOnlyManifestAndIndexThenRemovesEveryOlderState() throws {
        let runner = try Runner()
        let gh = try FakeGitHubCLI(in: runner.root.url)
        _ = try Self.datasetInWorkspace(runner)
        let old = try Self.tarball(runner, "old", ["manifest.json": "old", "content-index.bin": "old"])
        try gh.createRelease(assets: ["last-trained-state-5-1.tar.gz": old, "last-rejected-state-7-1.tar.gz": old,
                                      "last-trained-dataset.tar.gz": old, "notes.txt": old])
        let result = try Self.record(runner, gh)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(gh.assets == ["last-trained-state-42-1.tar.gz", "notes.txt"])
        #expect(try Self.members(of: gh.release.appendingPathComponent("last-trained-state-42-1.tar.gz")) == ["content-index.bin", "manifest.json"])
        let calls = gh.calls
        let upload = try #require(calls.firstIndex { $0.hasPrefix("release upload \(Self.tag) ") })
        let firstDelete = try #require(calls.firstIndex { $0.hasPrefix("release delete-asset") })
        #expect(upload < firstDelete, "upload first, then replace")
        #expect(calls.last?.hasPrefix("release edit \(Self.tag) --notes Last promoted training: https://example/runs/42") == true)
    }

    @Test func recordCreatesTheReleaseOnlyWhenItIsNotFound() throws {
        let runner = try Runner()
        let gh = try FakeGitHubCLI(in: runner.root.url)
        _ = try Self.datasetInWorkspace(runner)
        let created = try Self.record(runner, gh)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(gh.calls.contains { $0.hasPrefix("release create \(Self.tag) ") })
        #expect(gh.assets == ["last-trained-state-42-1.tar.gz"])

        let other = try Runner()
        let failing = try FakeGitHubCLI(in: other.root.url)
        _ = try Self.datasetInWorkspace(other)
        let failed = try Self.record(other, failing, failing: "view")
        #expect(failed.status == 1)
        #expect(!failing.calls.contains { $0.hasPrefix("release create") || $0.hasPrefix("release upload") })
    }

    @Test func aFailedUploadKeepsTheOldState() throws {
        let runner = try Runner()
        let gh = try FakeGitHubCLI(in: runner.root.url)
        _ = try Self.datasetInWorkspace(runner)
        let old = try Self.tarball(runner, "old", ["manifest.json": "old", "content-index.bin": "old"])
        try gh.createRelease(assets: ["last-trained-state-5-1.tar.gz": old])
        let result = try Self.record(runner, gh, failing: "upload")
        #expect(result.status != 0)
        #expect(gh.assets == ["last-trained-state-5-1.tar.gz"])
        #expect(!gh.calls.contains { $0.hasPrefix("release delete-asset") })
    }

    /// Rejected: the promoted state stays, and the next run compares with the rejected dataset, so
    /// the same data is not due again.
    @Test func aRejectedDatasetIsRecordedAndNotDueAgain() throws {
        let runner = try Runner()
        let gh = try FakeGitHubCLI(in: runner.root.url)
        let dataset = try Self.datasetInWorkspace(runner)
        let old = try Self.tarball(runner, "old", ["manifest.json": "old", "content-index.bin": "old"])
        try gh.createRelease(assets: ["last-trained-state-5-1.tar.gz": old, "last-rejected-state-7-1.tar.gz": old])
        let rejected = try Self.record(runner, gh, step: "record-rejected")
        #expect(rejected.status == 0, "\(rejected.stderr)")
        #expect(gh.assets == ["last-rejected-state-42-1.tar.gz", "last-trained-state-5-1.tar.gz"])
        #expect(rejected.stdout.contains("::notice title=Rejected dataset recorded::Dataset manifest sha256 abc"))

        let fetched = try Self.fetch(runner, gh)
        #expect(fetched.outputs["kind"] == "rejected")
        let again = try runner.check(dataset: dataset, previous: runner.runnerTemp.appendingPathComponent("previous-dataset"),
                                     minNewTriplets: "1", minNewQueryGroups: "1")
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.outputs["due"] == "false")
        #expect(again.outputs["new_triplets"] == "0")
    }
}
