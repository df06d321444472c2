import CSQLite
import Foundation
import Testing
@testable import TripletForge

/// A database large enough that a debug build takes a noticeable while (for kills and signals):
/// `rows` rated rows over `rows / 4` query groups, eight 400-character leaf chunks each, drawn from
/// a pool so chunks repeat across rows as they do in production.
func makeLargeDatabase(rows: Int, seed: UInt64 = 1, journalWAL: Bool = false) throws -> TestDatabase {
    let db = try TestDatabase()
    if journalWAL { try db.execute("PRAGMA journal_mode=WAL") }
    var generator = SplitMix64(seed: seed)
    let words = ["alpha", "beta", "gamma", "delta", "retrieval", "vector", "index", "chunk", "rerank", "model"]
    let pool: [String] = (0..<max(64, rows)).map { _ in
        (0..<40).map { _ in words[Int(generator.next() % 10)] + String(generator.next() % 1000) }.joined(separator: " ")
    }
    try db.execute("BEGIN")
    for id in 1...rows {
        var items = (0..<8).map { _ in leaf(pool[Int(generator.next() % UInt64(pool.count))], score: Double(generator.next() % 1000) / 1000) }
        let up = generator.next() % 2 == 0
        // A thumbs-up cites its group's own passage, so the evidence model finds citations worth something.
        if up { items[id % 3] = leaf(pool[id % max(1, rows / 4)], score: 0.95) }
        try db.interaction(id, query: "question \(id % max(1, rows / 4)) about \(words[id % 10])", answer: "see [\(1 + id % 3)]",
                           chunks: "[" + items.joined(separator: ",") + "]", feedback: up ? 1 : -1,
                           session: "s\(id % 97)")
    }
    try db.execute("COMMIT")
    return db
}

/// A process started in the background, to be signalled and waited for.
final class BackgroundProcess {
    let process = Process()
    private let stderrPipe = Pipe()
    private var stderrData = Data()
    private let reader = DispatchGroup()

    init(_ executable: URL, _ arguments: [String]) throws {
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = stderrPipe
        try process.run()
        reader.enter()
        let handle = stderrPipe.fileHandleForReading
        nonisolated(unsafe) let box = self
        DispatchQueue.global().async {
            box.stderrData = handle.readDataToEndOfFile()
            box.reader.leave()
        }
    }

    var pid: Int32 { process.processIdentifier }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits for exit; returns (status, stderr). A killed process reports its signal as status.
    func wait() -> (status: Int32, reason: Process.TerminationReason, stderr: String) {
        process.waitUntilExit()
        reader.wait()
        return (process.terminationStatus, process.terminationReason, String(decoding: stderrData, as: UTF8.self))
    }
}

/// Mounts a scratch file system (tmpfs of `size`, or a read-only bind of `source`) for tests that
/// need a full or unwritable disk; nil when this machine does not let the test mount (not root,
/// or a container without CAP_SYS_ADMIN): such tests are cancelled with the reason, not passed.
final class ScratchMount {
    let url: URL
    private let holder: TemporaryDirectory

    private init(holder: TemporaryDirectory, url: URL) {
        self.holder = holder
        self.url = url
    }

    static func tmpfs(size: String) -> ScratchMount? {
        guard let holder = try? TemporaryDirectory() else { return nil }
        let point = holder.url.appendingPathComponent("mnt")
        try? FileManager.default.createDirectory(at: point, withIntermediateDirectories: false)
        guard (try? run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", point.path])) == 0 else { return nil }
        return ScratchMount(holder: holder, url: point)
    }

    /// `source` seen read-only at a new path.
    static func readOnlyBind(of source: URL) -> ScratchMount? {
        guard let holder = try? TemporaryDirectory() else { return nil }
        let point = holder.url.appendingPathComponent("ro")
        try? FileManager.default.createDirectory(at: point, withIntermediateDirectories: false)
        guard (try? run("/bin/mount", ["--bind", source.path, point.path])) == 0 else { return nil }
        guard (try? run("/bin/mount", ["-o", "remount,bind,ro", point.path])) == 0 else {
            _ = try? run("/bin/umount", [point.path])
            return nil
        }
        return ScratchMount(holder: holder, url: point)
    }

    deinit { _ = try? run("/bin/umount", ["-l", url.path]) }
}

/// The record-level reasons a rated record can be set aside for without becoming a signal or a
/// reject: with them, every rated record is accounted for exactly once.
let recordLevelSkipReasons = ["deleted_by_request", "no_chunks", "duplicate_signal", "positive_without_leaf_citation",
                              "positive_without_leaf_chunk", "positive_without_citation", "negative_blames_delivery_only",
                              "negative_without_leaf_chunk"]

/// Rated records that became a signal, a reject or a counted record-level skip.
func accountedRecords(_ manifest: Manifest) -> Int {
    manifest.counts.positiveSignals + manifest.counts.negativeSignals + manifest.counts.rejectedRecords
        + recordLevelSkipReasons.reduce(0) { $0 + manifest.skipped[$1] }
}

/// Every file of a dataset, decompressed where gzipped, as one string (for leak scans).
func everyByteOfDataset(_ dataset: URL) throws -> String {
    var text = ""
    let enumerator = FileManager.default.enumerator(at: dataset, includingPropertiesForKeys: [.isRegularFileKey])!
    for case let file as URL in enumerator where (try file.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
        text += file.pathExtension == "gz" ? try gunzip(file) : String(decoding: try Data(contentsOf: file), as: UTF8.self)
        text += "\n"
    }
    return text
}
