import CSQLite
import Foundation

/// A consistent, self-contained copy of a live SQLite database, made with SQLite's online backup API.
///
/// Why not `cp`: a database in WAL mode keeps committed transactions in its `-wal` file until a
/// checkpoint, so copying the main file alone loses them, and copying it while the app writes can
/// catch a half-written page. The backup API copies pages *through SQLite*, inside one read
/// transaction on the source, so the copy is exactly one committed state, WAL content included,
/// while the app keeps writing (in WAL mode writers are never blocked; in rollback mode they wait
/// for the copy to finish).
///
/// The source is opened read-only. The copy is written to a hidden temporary file beside the
/// destination, switched to rollback-journal (`DELETE`) mode so it is one file with no `-wal` or
/// `-shm` companions, synced, and only then moved into place: a reader never sees a half-made
/// snapshot, and a failed run leaves any earlier file at the destination untouched.
///
/// ```swift
/// let report = try Snapshot.copy(from: URL(fileURLWithPath: "live.sqlite"),
///                                to: URL(fileURLWithPath: "snap.sqlite"))
/// print(report.pages, report.bytes)
/// ```
public enum Snapshot {
    public struct Options: Sendable {
        /// Replace an existing destination file (otherwise refuse).
        public var overwrite = false
        /// Run `PRAGMA integrity_check` on the copy before putting it in place (reads it all once more).
        public var verify = false
        /// How long to wait for a writer's lock before giving up, in milliseconds.
        public var busyTimeoutMilliseconds: Int32 = 30_000

        public init(overwrite: Bool = false, verify: Bool = false) {
            self.overwrite = overwrite
            self.verify = verify
        }
    }

    public struct Report: Sendable, Equatable {
        public var pages: Int
        public var pageSize: Int
        /// Size of the snapshot file.
        public var bytes: Int
        /// The source's journal mode (`wal`, `delete`, …): the snapshot is always `delete`.
        public var sourceJournalMode: String
    }

    static let temporaryPrefix = ".tripletforge-snapshot-"

    public static func copy(from source: URL, to destination: URL, options: Options = Options()) throws(TripletForgeError) -> Report {
        let source = source.standardizedFileURL
        let destination = destination.standardizedFileURL
        let manager = FileManager.default
        if let reason = SQLiteDatabase.notARegularFile(source.path) { throw .unreadableDatabase(path: source.path, reason: reason) }
        if source.resolvingSymlinksInPath().path == destination.resolvingSymlinksInPath().path {
            throw .snapshotFailed(path: destination.path, reason: "the destination is the source itself")
        }
        if !options.overwrite && manager.fileExists(atPath: destination.path) {
            throw .destinationExists(path: destination.path)
        }
        let parent = destination.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: parent.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .snapshotFailed(path: destination.path, reason: "the directory \(parent.path) does not exist")
        }

        let from = try SQLiteDatabase(readingAt: source.path)
        let sourceJournalMode = (try? from.scalarText("PRAGMA journal_mode")) ?? "unknown"
        let pid = ProcessInfo.processInfo.processIdentifier
        let temporary = parent.appendingPathComponent("\(temporaryPrefix)\(destination.lastPathComponent)-\(pid)-\(UUID().uuidString.prefix(8))")
        var placed = false
        defer {
            if !placed {
                for suffix in ["", "-journal", "-wal", "-shm"] { try? manager.removeItem(atPath: temporary.path + suffix) }
            }
        }

        let (pages, pageSize) = try backup(from, into: temporary.path, options: options)
        try syncFile(temporary.path, for: destination.path)
        try place(temporary.path, at: destination.path, overwrite: options.overwrite)
        placed = true
        syncDirectory(parent.path)
        let bytes = ((try? manager.attributesOfItem(atPath: destination.path))?[.size] as? NSNumber)?.intValue ?? pages * pageSize
        return Report(pages: pages, pageSize: pageSize, bytes: bytes, sourceJournalMode: sourceJournalMode)
    }

    /// Copies every page in one `sqlite3_backup_step(-1)`: one read transaction on the source, so
    /// the copy is one committed state. (Stepping a few pages at a time would let other
    /// connections' writes restart the copy, possibly forever on a busy database.)
    private static func backup(_ source: SQLiteDatabase, into path: String, options: Options) throws(TripletForgeError) -> (pages: Int, pageSize: Int) {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        guard sqlite3_open_v2(path, &handle, flags, nil) == SQLITE_OK, let destination = handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(handle)
            throw .snapshotFailed(path: path, reason: message)
        }
        defer { sqlite3_close_v2(destination) }
        func fail(_ what: String) -> TripletForgeError {
            .snapshotFailed(path: path, reason: "\(what): \(String(cString: sqlite3_errmsg(destination)))")
        }
        sqlite3_busy_timeout(source.handle, options.busyTimeoutMilliseconds)
        guard let backup = sqlite3_backup_init(destination, "main", source.handle, "main") else {
            throw fail("cannot start the backup")
        }
        let deadline = Date().addingTimeInterval(Double(options.busyTimeoutMilliseconds) / 1000)
        var status: Int32
        repeat {
            status = sqlite3_backup_step(backup, -1)
            if status == SQLITE_BUSY || status == SQLITE_LOCKED {
                guard Date() < deadline else { break }
                sqlite3_sleep(50)
            }
        } while status == SQLITE_OK || status == SQLITE_BUSY || status == SQLITE_LOCKED
        let pages = Int(sqlite3_backup_pagecount(backup))
        let finish = sqlite3_backup_finish(backup)
        guard status == SQLITE_DONE, finish == SQLITE_OK else {
            let reason = status == SQLITE_BUSY || status == SQLITE_LOCKED
                ? "the source stayed locked for \(options.busyTimeoutMilliseconds / 1000) s"
                : String(cString: sqlite3_errstr(status == SQLITE_DONE ? finish : status))
            throw .snapshotFailed(path: path, reason: "backup failed: \(reason)")
        }
        // The copied header keeps the source's WAL flag; a snapshot must be one self-contained file.
        guard sqlite3_exec(destination, "PRAGMA journal_mode = DELETE", nil, nil, nil) == SQLITE_OK else {
            throw fail("cannot switch the copy to rollback-journal mode")
        }
        if options.verify {
            var statement: OpaquePointer?
            guard sqlite3_prepare_v2(destination, "PRAGMA integrity_check", -1, &statement, nil) == SQLITE_OK else { throw fail("integrity check") }
            defer { sqlite3_finalize(statement) }
            guard sqlite3_step(statement) == SQLITE_ROW else { throw fail("integrity check") }
            let verdict = sqlite3_column_text(statement, 0).map { String(cString: $0) } ?? ""
            guard verdict == "ok" else { throw .snapshotFailed(path: path, reason: "the copy failed its integrity check: \(verdict)") }
        }
        var pageSize: Int32 = 0
        var statement: OpaquePointer?
        if sqlite3_prepare_v2(destination, "PRAGMA page_size", -1, &statement, nil) == SQLITE_OK, sqlite3_step(statement) == SQLITE_ROW {
            pageSize = sqlite3_column_int(statement, 0)
        }
        sqlite3_finalize(statement)
        return (pages, Int(pageSize))
    }

    private static func syncFile(_ path: String, for destination: String) throws(TripletForgeError) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .snapshotFailed(path: destination, reason: "cannot reopen the copy to sync it") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw .snapshotFailed(path: destination, reason: "fsync failed: \(String(cString: strerror(errno)))") }
    }

    private static func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    /// Without `overwrite`, `link(2)` refuses atomically when the destination appeared meanwhile;
    /// with it, `rename(2)` replaces the old file in one step.
    private static func place(_ temporary: String, at destination: String, overwrite: Bool) throws(TripletForgeError) {
        if overwrite {
            guard rename(temporary, destination) == 0 else {
                throw .snapshotFailed(path: destination, reason: "cannot move the copy into place: \(String(cString: strerror(errno)))")
            }
            return
        }
        guard link(temporary, destination) == 0 else {
            if errno == EEXIST { throw .destinationExists(path: destination) }
            throw .snapshotFailed(path: destination, reason: "cannot move the copy into place: \(String(cString: strerror(errno)))")
        }
        unlink(temporary)
    }
}
