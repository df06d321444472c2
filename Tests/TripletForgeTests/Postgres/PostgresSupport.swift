import Foundation
import Testing
@testable import TripletForge

/// `tripletforge build --db DB --out OUT --quiet …` (the CLI, as a user runs it).
func cliBuild(_ database: String, into output: URL, _ extra: [String] = []) throws -> ProcessResult {
    try runProcess(try tripletforgeExecutable(), ["build", "--db", database, "--out", output.path, "--quiet"] + extra)
}

/// Every file of a dataset by relative path, except the two that name the input (the manifest's
/// `input` part and the card's first lines differ between an SQLite file and a server).
func datasetFilesExceptInput(_ dataset: URL) throws -> [String: Data] {
    var files: [String: Data] = [:]
    let base = dataset.standardizedFileURL.path
    guard let walker = FileManager.default.enumerator(at: dataset, includingPropertiesForKeys: [.isRegularFileKey]) else { return files }
    for case let url as URL in walker where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
        let relative = String(url.standardizedFileURL.path.dropFirst(base.count + 1))
        if relative == Manifest.fileName || relative == "README.md" { continue }
        files[relative] = try Data(contentsOf: url)
    }
    return files
}

/// The manifest with its `input` part blanked, for comparing two builds of the same data.
func manifestExceptInput(_ dataset: URL) throws -> Manifest {
    var manifest = try Manifest.read(from: dataset)
    manifest.input = InputFingerprint(fileName: "", sizeBytes: 0, pageSize: 0, pageCount: 0, fileChangeCounter: 0,
                                      schemaCookie: 0, tableRows: manifest.input.tableRows, latestRatedAt: manifest.input.latestRatedAt, sha256: nil)
    return manifest
}

/// Expects two datasets to hold the same bytes in every file but the input's description.
func expectSameDataset(_ postgres: URL, _ sqlite: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let fromPostgres = try datasetFilesExceptInput(postgres)
    let fromSQLite = try datasetFilesExceptInput(sqlite)
    #expect(fromPostgres.keys.sorted() == fromSQLite.keys.sorted(), sourceLocation: sourceLocation)
    #expect(fromSQLite.keys.contains { $0.hasPrefix("data/") }, "the SQLite build wrote no shards", sourceLocation: sourceLocation)
    for (path, bytes) in fromSQLite.sorted(by: { $0.key < $1.key }) {
        #expect(fromPostgres[path] == bytes, "\(path) differs between the PostgreSQL and the SQLite build", sourceLocation: sourceLocation)
    }
    #expect(try manifestExceptInput(postgres) == manifestExceptInput(sqlite), sourceLocation: sourceLocation)
}

/// A TOML config file holding `text`.
func configFile(_ text: String, in directory: TemporaryDirectory) throws -> String {
    let url = directory.url.appendingPathComponent("tf-\(UUID().uuidString.prefix(8)).toml")
    try Data(text.utf8).write(to: url)
    return url.path
}

let interactionsFixture = packageRoot.appendingPathComponent("Fixtures/interactions.sqlite")
let threadsFixture = packageRoot.appendingPathComponent("Fixtures/threads.sqlite")
