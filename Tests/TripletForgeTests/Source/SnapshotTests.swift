import CSQLite
import Foundation
import Testing
@testable import TripletForge

/// `Snapshot.copy` on real WAL databases: uncheckpointed data, a writer busy during the copy,
/// refusal to overwrite, and a self-contained result.
@Suite struct SnapshotTests {
    /// A WAL database whose rows all sit in the -wal file (autocheckpoint off, never checkpointed).
    static func walDatabase(rows: Int) throws -> TestDatabase {
        let db = try TestDatabase(name: "live.sqlite", schema: "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0; CREATE TABLE a(x); CREATE TABLE b(x);")
        try db.execute("BEGIN")
        for i in 0..<rows {
            try db.insert("INSERT INTO a VALUES (?)", [i])
            try db.insert("INSERT INTO b VALUES (?)", [i])
        }
        try db.execute("COMMIT")
        return db
    }

    static func count(_ table: String, in path: String) throws -> Int {
        let db = try SQLiteDatabase(readingAt: path)
        return try db.scalarInt("SELECT count(*) FROM \(table)")
    }

    @Test func copiesUncheckpointedWALContentIntoOneFile() throws {
        let live = try Self.walDatabase(rows: 500)
        let wal = live.url.path + "-wal"
        #expect(((try FileManager.default.attributesOfItem(atPath: wal))[.size] as? NSNumber)?.intValue ?? 0 > 0)
        let destination = live.directory.appendingPathComponent("snap.sqlite")

        let report = try Snapshot.copy(from: live.url, to: destination, options: .init(verify: true))

        #expect(report.sourceJournalMode == "wal")
        #expect(try Self.count("a", in: destination.path) == 500)
        let snap = try SQLiteDatabase(readingAt: destination.path, immutable: true)
        #expect(try snap.scalarText("PRAGMA journal_mode") == "delete")
        // Header bytes 18/19 are 1 in rollback mode, 2 in WAL mode.
        let header = try [UInt8](Data(contentsOf: destination).prefix(20))
        #expect(header[18] == 1 && header[19] == 1)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: live.directory.path)
            .filter { $0.hasPrefix("snap.sqlite-") || $0.hasPrefix(Snapshot.temporaryPrefix) }
        #expect(leftovers.isEmpty)
    }

    @Test func refusesToOverwriteUnlessForced() throws {
        let live = try Self.walDatabase(rows: 3)
        let destination = live.directory.appendingPathComponent("snap.sqlite")
        try Data("keep me".utf8).write(to: destination)

        #expect(throws: TripletForgeError.self) { try Snapshot.copy(from: live.url, to: destination) }
        #expect(try String(contentsOf: destination, encoding: .utf8) == "keep me")

        _ = try Snapshot.copy(from: live.url, to: destination, options: .init(overwrite: true))
        #expect(try Self.count("b", in: destination.path) == 3)
    }

    @Test func rejectsAMissingSourceAndTheSourceAsDestination() throws {
        let live = try Self.walDatabase(rows: 1)
        let missing = live.directory.appendingPathComponent("nope.sqlite")
        #expect(throws: TripletForgeError.unreadableDatabase(path: missing.path, reason: "no such file")) {
            try Snapshot.copy(from: missing, to: live.directory.appendingPathComponent("x.sqlite"))
        }
        #expect(throws: TripletForgeError.self) { try Snapshot.copy(from: live.url, to: live.url, options: .init(overwrite: true)) }
    }

    /// A writer commits (a, b) pairs in one transaction each while snapshots are taken: every
    /// snapshot must hold whole transactions only (count(a) == count(b)), never a torn state.
    @Test func isConsistentWhileAWriterKeepsCommitting() throws {
        let live = try Self.walDatabase(rows: 2_000)
        live.close()
        let path = live.url.path
        let stop = StopFlag()
        let writer = Thread {
            var handle: OpaquePointer?
            guard sqlite3_open(path, &handle) == SQLITE_OK else { return }
            defer { sqlite3_close(handle) }
            sqlite3_busy_timeout(handle, 5_000)
            var i = 10_000
            while !stop.isSet {
                sqlite3_exec(handle, "BEGIN IMMEDIATE; INSERT INTO a VALUES (\(i)); INSERT INTO b VALUES (\(i)); COMMIT;", nil, nil, nil)
                i += 1
            }
            stop.writes = i - 10_000
        }
        writer.start()
        defer { stop.set() }
        Thread.sleep(forTimeInterval: 0.05)
        var counts: [Int] = []
        for round in 0..<5 {
            let destination = live.directory.appendingPathComponent("snap-\(round).sqlite")
            _ = try Snapshot.copy(from: live.url, to: destination)
            let a = try Self.count("a", in: destination.path)
            let b = try Self.count("b", in: destination.path)
            #expect(a == b, "torn snapshot: \(a) rows in a, \(b) in b")
            #expect(a >= 2_000)
            counts.append(a)
        }
        stop.set()
        while stop.writes == nil { Thread.sleep(forTimeInterval: 0.01) }
        #expect(stop.writes! > 0, "the writer never committed during the copies")
        #expect(counts.last! >= counts.first!)
    }
}

final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var stopped = false
    private var _writes: Int?
    var isSet: Bool { lock.withLock { stopped } }
    func set() { lock.withLock { stopped = true } }
    var writes: Int? {
        get { lock.withLock { _writes } }
        set { lock.withLock { _writes = newValue } }
    }
}
