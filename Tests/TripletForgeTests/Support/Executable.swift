import CSQLite
import Foundation

/// The package root, from this file's path (Tests/TripletForgeTests/Support/Executable.swift).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// The `tripletforge` executable built next to the test bundle (scripts/test.sh runs
/// `swift build` before `swift test`, and `swift test` builds every product too).
func tripletforgeExecutable() throws -> URL { try builtExecutable("tripletforge") }

/// An executable product of this package, built next to the test bundle.
func builtExecutable(_ name: String) throws -> URL {
    var candidates: [URL] = []
    if let bundle = Bundle.main.executableURL?.deletingLastPathComponent() {
        candidates.append(bundle.appendingPathComponent(name))
        // On Linux the test bundle may sit inside a `.xctest` directory.
        candidates.append(bundle.deletingLastPathComponent().appendingPathComponent(name))
    }
    candidates.append(packageRoot.appendingPathComponent(".build/debug/\(name)"))
    guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
        throw TestError("no built \(name) executable (looked at \(candidates.map(\.path))); run `swift build` first")
    }
    return found
}

struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs a program with exactly `environment` (plus PATH and HOME), capturing its output.
func runProcess(_ executable: URL, _ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil) throws -> ProcessResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    var env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "LC_ALL": "C.UTF-8"]
    env.merge(environment) { _, new in new }
    process.environment = env
    if let directory { process.currentDirectoryURL = directory }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read both pipes concurrently-safe enough for small outputs: drain stdout then stderr after exit.
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
}

/// Runs SQL on an existing SQLite file (for editing a copy of a fixture).
func executeSQL(_ sql: String, on path: String) throws {
    var handle: OpaquePointer?
    guard sqlite3_open(path, &handle) == SQLITE_OK else { throw TestError("cannot open \(path)") }
    defer { sqlite3_close(handle) }
    var error: UnsafeMutablePointer<CChar>?
    guard sqlite3_exec(handle, sql, nil, nil, &error) == SQLITE_OK else {
        let message = error.map { String(cString: $0) } ?? "unknown"
        sqlite3_free(error)
        throw TestError("SQL failed: \(message)")
    }
}
