import CSQLite
import Foundation
@testable import TripletForge

/// A real SQLite file in a fresh temporary directory, written through the C API.
final class TestDatabase {
    let directory: URL
    let url: URL
    private var handle: OpaquePointer?
    /// Output directories of builds from this database, removed with it.
    var outputs: [TemporaryDirectory] = []

    init(name: String = "input.sqlite", schema: String = TestDatabase.interactionsSchema) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tf-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        url = directory.appendingPathComponent(name)
        guard sqlite3_open(url.path, &handle) == SQLITE_OK else { throw TestError("cannot create \(url.path)") }
        try execute(schema)
    }

    deinit {
        sqlite3_close(handle)
        try? FileManager.default.removeItem(at: directory)
    }

    static let interactionsSchema = """
    CREATE TABLE interactions (
      id INTEGER PRIMARY KEY, session_id TEXT NOT NULL, created_at TEXT NOT NULL, query TEXT NOT NULL,
      answer TEXT, chunks TEXT, feedback INTEGER);
    """

    func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(handle, sql, nil, nil, &error) == SQLITE_OK else {
            let message = error.map { String(cString: $0) } ?? "unknown"
            sqlite3_free(error)
            throw TestError("SQL failed: \(message)\n\(sql)")
        }
    }

    /// Inserts rows with bound parameters (values: String, Int, Double, [UInt8] blob, or nil).
    func insert(_ sql: String, _ values: [Any?]) throws {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK else { throw TestError("prepare failed: \(sql)") }
        defer { sqlite3_finalize(statement) }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            switch value {
            case nil: sqlite3_bind_null(statement, index)
            case let text as String: sqlite3_bind_text(statement, index, text, -1, transient)
            case let number as Int: sqlite3_bind_int64(statement, index, Int64(number))
            case let number as Double: sqlite3_bind_double(statement, index, number)
            case let bytes as [UInt8]: sqlite3_bind_blob(statement, index, bytes, Int32(bytes.count), transient)
            default: throw TestError("unsupported value \(String(describing: value))")
            }
        }
        guard sqlite3_step(statement) == SQLITE_DONE else { throw TestError("insert failed: \(String(cString: sqlite3_errmsg(handle)))") }
    }

    /// Adds an interaction row. `chunks` is raw JSON text.
    func interaction(_ id: Int, query: String?, answer: String? = nil, chunks: String?, feedback: Any?, session: String = "s", createdAt: String = "2026-01-01T00:00:00Z") throws {
        try insert("INSERT INTO interactions VALUES (?, ?, ?, ?, ?, ?, ?)", [id, session, createdAt, query, answer, chunks, feedback])
    }

    /// Closes the writer connection so the file is complete on disk.
    func close() {
        sqlite3_close(handle)
        handle = nil
    }
}

/// Chunk JSON for tests: `leaf("text")`, `leaf("text", context: "Title\ntext", score: 0.9)`.
func chunks(_ items: String...) -> String { "[" + items.joined(separator: ",") + "]" }

func leaf(_ text: String, context: String? = nil, score: Double? = nil, type: String = "leaf", docID: String = "d") -> String {
    var encoder = JSONLineEncoder()
    var fields: [(key: String, value: JSONLineValue)] = [("text", .string(text)), ("doc_id", .string(docID)), ("chunk_type", .string(type))]
    if let context { fields.append(("contextualised_text", .string(context))) }
    encoder.object(fields)
    var json = String(decoding: encoder.bytes.dropLast(), as: UTF8.self)
    if let score { json = String(json.dropLast()) + ",\"rerank_score\":\(score)}" }
    return json
}

struct TestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A temporary directory removed at deinit.
final class TemporaryDirectory {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("tf-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
}

/// Reads every row of a dataset's shards for one split (decompressing with the system gzip).
func rows(in dataset: URL, split: DatasetSplit) throws -> [[String: Any]] {
    let manifest = try Manifest.read(from: dataset)
    var result: [[String: Any]] = []
    for shard in manifest.shards where shard.split == split {
        let text = try gunzip(dataset.appendingPathComponent(shard.path))
        for line in text.split(separator: "\n") {
            result.append(try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any])
        }
    }
    return result
}

func allRows(in dataset: URL) throws -> [[String: String]] {
    try DatasetSplit.allCases.flatMap { try rows(in: dataset, split: $0) }.map { $0.compactMapValues { $0 as? String } }
}

func gunzip(_ file: URL) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/gzip")
    process.arguments = ["-dc", file.path]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw TestError("gzip -dc failed on \(file.path)") }
    return String(decoding: data, as: UTF8.self)
}

/// Builds `database` into a fresh output directory with `settings`, returning the dataset URL.
func build(_ database: TestDatabase, settings: BuildSettings = BuildSettings(), into output: TemporaryDirectory) throws -> (URL, BuildReport) {
    database.outputs.append(output)
    let dataset = output.url.appendingPathComponent("dataset")
    let report = try BuildPipeline.run(BuildOptions(database: database.url, output: dataset, settings: settings))
    return (dataset, report)
}
