import Foundation
import Testing
@testable import TripletForge

/// `build` against a WAL-mode database that another process keeps writing.
@Suite("Live database", .serialized)
struct LiveDatabaseTests {
    static let writerScript = packageRoot.appendingPathComponent("Fixtures/live-writer.py")

    func python() throws -> URL {
        for path in ["/usr/bin/python3", "/usr/local/bin/python3"] where FileManager.default.isExecutableFile(atPath: path) {
            return URL(fileURLWithPath: path)
        }
        guard let found = ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":")
            .map({ URL(fileURLWithPath: String($0)).appendingPathComponent("python3") })
            .first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            try Test.cancel("python3 is not installed: the live-database writer is a Python script")
        }
        return found
    }

    /// How many lines the writer has logged so far (cheap: counts newlines).
    func commits(_ log: URL) -> Int {
        (FileManager.default.contents(atPath: log.path) ?? Data()).reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    /// The committed states the writer logged: (rated, unrated, total) by sequence.
    func loggedStates(_ log: URL) throws -> [[Int]] {
        try String(contentsOf: log, encoding: .utf8).split(separator: "\n").map { $0.split(separator: " ").map { Int($0)! } }
    }

    @Test func aBuildReadsOneCommittedStateWhileAWriterKeepsCommitting() throws {
        let executable = try tripletforgeExecutable()
        let db = try makeLargeDatabase(rows: 3_000, seed: 5, journalWAL: true)
        db.close()
        let log = db.directory.appendingPathComponent("writer.log")
        let stop = db.directory.appendingPathComponent("stop")
        let writer = try BackgroundProcess(try python(), [Self.writerScript.path, db.url.path, log.path, stop.path])
        defer { _ = FileManager.default.createFile(atPath: stop.path, contents: nil); _ = writer.wait() }
        // Start the build once the writer is committing.
        var waited = 0
        while commits(log) < 20 && writer.process.isRunning && waited < 10_000 { usleep(1_000); waited += 1 }
        let commitsBefore = commits(log)

        let out = try TemporaryDirectory()
        let dataset = out.url.appendingPathComponent("ds")
        let result = try runProcess(executable, ["build", "--db", db.url.path, "--out", dataset.path, "--quiet", "--max-reject-ratio", "1"])
        let commitsAfter = commits(log)
        _ = FileManager.default.createFile(atPath: stop.path, contents: nil)
        let (writerStatus, _, writerErrors) = writer.wait()

        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.localizedCaseInsensitiveContains("busy") && !result.stderr.localizedCaseInsensitiveContains("locked"))
        #expect(writerStatus == 0, "the writer was refused: \(writerErrors)")
        #expect(commitsAfter > commitsBefore, "the writer must keep committing while the build reads")

        // The counts are exactly those of one committed state.
        let manifest = try Manifest.read(from: dataset)
        let read = [manifest.counts.ratedRecords, manifest.counts.unratedRecords, manifest.input.tableRows["interactions"] ?? -1]
        let states = try loggedStates(log).map { Array($0.dropFirst()) }
        #expect(states.contains(read), "read \(read), which no commit produced")
        #expect(accountedRecords(manifest) == manifest.counts.ratedRecords)
        #expect(DatasetValidator.validate(dataset).isValid)
    }

    @Test func aWALDatabaseInAReadOnlyDirectoryIsRead() throws {
        let db = try makeLargeDatabase(rows: 50, seed: 6, journalWAL: true)
        db.close()  // the last connection checkpoints and removes -wal and -shm
        #expect(!FileManager.default.fileExists(atPath: db.url.path + "-wal"))
        guard let readOnly = ScratchMount.readOnlyBind(of: db.directory) else {
            try Test.cancel("cannot bind-mount read-only here (needs root with CAP_SYS_ADMIN)")
        }
        let file = readOnly.url.appendingPathComponent(db.url.lastPathComponent)
        let report = try BuildPipeline.run(BuildOptions(database: file, output: nil))
        #expect(report.manifest.counts.ratedRecords == 50)
    }

    @Test func aWALDatabaseWithUncheckpointedPagesInAReadOnlyDirectoryIsReadWhole() throws {
        let db = try makeLargeDatabase(rows: 20, seed: 8, journalWAL: true)
        try db.execute("PRAGMA wal_autocheckpoint=0")
        try db.interaction(1_000, query: "only in the WAL", answer: "[1]", chunks: chunks(leaf("wal page")), feedback: 1)
        // Copy the three files while the writer still holds them open (nothing checkpointed).
        let copy = try TemporaryDirectory()
        for suffix in ["", "-wal", "-shm"] {
            try FileManager.default.copyItem(atPath: db.url.path + suffix, toPath: copy.url.appendingPathComponent("input.sqlite" + suffix).path)
        }
        guard let readOnly = ScratchMount.readOnlyBind(of: copy.url) else {
            try Test.cancel("cannot bind-mount read-only here (needs root with CAP_SYS_ADMIN)")
        }
        let report = try BuildPipeline.run(BuildOptions(database: readOnly.url.appendingPathComponent("input.sqlite"), output: nil))
        #expect(report.manifest.counts.ratedRecords == 21)
    }

    @Test func aBuildFromAWALDatabaseLeavesItsMainFileUnchanged() throws {
        let db = try makeLargeDatabase(rows: 200, seed: 9, journalWAL: true)
        db.close()
        let past = Date(timeIntervalSince1970: 1_700_000_000)
        try FileManager.default.setAttributes([.modificationDate: past], ofItemAtPath: db.url.path)
        let bytes = try Data(contentsOf: db.url)
        let out = try TemporaryDirectory()
        _ = try BuildPipeline.run(BuildOptions(database: db.url, output: out.url.appendingPathComponent("ds")))
        #expect(try Data(contentsOf: db.url) == bytes)
        #expect(try FileManager.default.attributesOfItem(atPath: db.url.path)[.modificationDate] as? Date == past)
        // SQLite may leave an empty -wal and a -shm beside a WAL file; never content in the -wal.
        let wal = (try? FileManager.default.attributesOfItem(atPath: db.url.path + "-wal")[.size] as? Int) ?? 0
        #expect(wal == 0)
    }
}
