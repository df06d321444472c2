import Foundation

/// Runs a program like ``runProcess(_:_:environment:in:)`` but gives up after `seconds`: the
/// program is killed and `nil` returned, so a test of "does not hang" fails instead of hanging.
func runProcess(_ executable: URL, _ arguments: [String], timeout seconds: Double) throws -> ProcessResult? {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "LC_ALL": "C.UTF-8"]
    let directory = try TemporaryDirectory()
    let outURL = directory.url.appendingPathComponent("out"), errURL = directory.url.appendingPathComponent("err")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    process.standardOutput = try FileHandle(forWritingTo: outURL)
    process.standardError = try FileHandle(forWritingTo: errURL)
    let done = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in done.signal() }
    try process.run()
    if done.wait(timeout: .now() + seconds) == .timedOut {
        process.terminate()
        kill(process.processIdentifier, SIGKILL)
        return nil
    }
    return ProcessResult(status: process.terminationStatus, stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                         stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
}
