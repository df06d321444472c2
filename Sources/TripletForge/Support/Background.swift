import Foundation

/// Runs `work` on another thread while `foreground` runs on this one, and returns `work`'s result.
///
/// Both must only read shared state (or own what they write). An error from either is rethrown
/// after both have finished, the foreground's first, so no thread outlives the call.
func inBackground<T>(_ work: @escaping () throws -> T, while foreground: () throws -> Void) throws -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    nonisolated(unsafe) let task = work
    let thread = Thread {
        box.result = Result { try task() }
        done.signal()
    }
    thread.stackSize = 1 << 20
    thread.start()
    let foregroundResult = Result { try foreground() }
    done.wait()
    try foregroundResult.get()
    return try box.result!.get()
}

private final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, Error>?
}
