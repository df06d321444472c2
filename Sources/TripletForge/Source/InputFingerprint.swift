import Crypto
import Foundation

/// A cheap description of the input that tells two snapshots apart without hashing tens of GB.
///
/// Size, the SQLite header's page size, page count and change counter, the schema cookie, the
/// row counts of the tables read, and the latest rating time. A full SHA-256 of the file only on
/// request (`--hash-input`). The file's *name* is kept, never its directory: the same snapshot
/// built from two places yields the same manifest.
public struct InputFingerprint: Codable, Sendable, Equatable {
    public var fileName: String
    public var sizeBytes: Int
    public var pageSize: Int
    public var pageCount: Int
    public var fileChangeCounter: Int
    public var schemaCookie: Int
    public var tableRows: [String: Int]
    /// The newest exchange time among rated records: how fresh the data is.
    public var latestRatedAt: String?
    public var sha256: String?
    /// For a PostgreSQL input: the server and the snapshot read (absent for SQLite files).
    public var server: Server?

    /// Which server, which snapshot, read as whom: enough to tell two builds' inputs apart and
    /// to audit access, never the password. The file fields above are then zero, and `fileName`
    /// is the connection as `postgresql://user@host:port/dbname`.
    public struct Server: Codable, Sendable, Equatable {
        public var version: String
        /// `pg_current_snapshot()`: `xmin:xmax:xip-list` of the one transaction the build read.
        public var snapshot: String
        public var host: String
        public var port: Int
        public var database: String
        public var user: String
    }

    enum CodingKeys: String, CodingKey {
        case fileName = "file_name", sizeBytes = "size_bytes", pageSize = "page_size", pageCount = "page_count"
        case fileChangeCounter = "file_change_counter", schemaCookie = "schema_cookie", tableRows = "table_rows"
        case latestRatedAt = "latest_rated_at", sha256, server
    }

    /// The file's own fields; `tableRows` and `latestRatedAt` come from the source's reading
    /// (counted in the same scan: a `count(*)` of a 37 GB table is a second full read).
    public static func read(_ database: SQLiteDatabase, fullHash: Bool) throws -> InputFingerprint {
        let url = URL(fileURLWithPath: database.path)
        let attributes = try FileManager.default.attributesOfItem(atPath: database.path)
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        let header = try FileHandle(forReadingFrom: url).readAtMost(100)
        func bigEndian(_ offset: Int, _ count: Int) -> Int {
            guard header.count >= offset + count else { return 0 }
            return header[offset..<(offset + count)].reduce(0) { $0 << 8 | Int($1) }
        }
        var pageSize = bigEndian(16, 2)
        if pageSize == 1 { pageSize = 65536 }
        return InputFingerprint(
            fileName: url.lastPathComponent, sizeBytes: size, pageSize: pageSize, pageCount: bigEndian(28, 4),
            fileChangeCounter: bigEndian(24, 4), schemaCookie: bigEndian(40, 4), tableRows: [:], latestRatedAt: nil,
            sha256: fullHash ? try sha256(of: url) : nil)
    }

    static func sha256(of url: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var hasher = SHA256()
        while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty { hasher.update(data: block) }
        return hasher.finalize().hexString
    }
}

extension FileHandle {
    func readAtMost(_ count: Int) throws -> [UInt8] {
        defer { try? close() }
        return Array(try read(upToCount: count) ?? Data())
    }
}
