import Foundation

/// One libFuzzer binary for all targets; `TF_FUZZ_TARGET` picks the one to run (see
/// `scripts/fuzz.sh`). Each target checks properties and stops the process with a message when one
/// fails, so libFuzzer saves the input as a crash.
let targets: [String: @Sendable (UnsafeBufferPointer<UInt8>) -> Void] = [
    "chunk-json": ChunkJSONTarget.run,
    "citations": CitationsTarget.run,
    "normalization": NormalizationTarget.run,
    "redactor": RedactorTarget.run,
    "config": ConfigTarget.run,
]

nonisolated(unsafe) let selected: (UnsafeBufferPointer<UInt8>) -> Void = {
    let name = ProcessInfo.processInfo.environment["TF_FUZZ_TARGET"] ?? ""
    guard let target = targets[name] else {
        FileHandle.standardError.write(Data("set TF_FUZZ_TARGET to one of: \(targets.keys.sorted().joined(separator: ", "))\n".utf8))
        exit(2)
    }
    return target
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    selected(UnsafeBufferPointer(start: size == 0 ? nil : data, count: size))
    return 0
}

/// Fails the run (libFuzzer keeps the input) when a property does not hold.
func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() {
        FileHandle.standardError.write(Data("property failed: \(message())\n".utf8))
        abort()
    }
}
