import Foundation

/// Steps a statement on a background thread, handing rows over in batches, so SQLite's reading
/// (page I/O, overflow chains, copying) overlaps with decoding on the calling thread.
///
/// At most `depth` batches of about `batchBytes` each are in flight, so memory stays bounded
/// however large the table. Rows arrive in statement order. If `body` throws, the reader is told
/// to stop and joined before the error propagates; the statement is never used by two threads at
/// once.
///
/// ```swift
/// try PrefetchingScan(statement, columns: 7).forEachRow { row in decode(row) }
/// ```
struct PrefetchingScan<Statement: SourceStatement & Sendable> {
    let statement: Statement
    let columns: Int
    var batchBytes = 4 << 20
    var batchRows = 2_048
    var depth = 3

    init(_ statement: Statement, columns: Int) {
        self.statement = statement
        self.columns = columns
    }

    func forEachRow(_ body: (RowView) throws -> Void) throws {
        let channel = BatchChannel(depth: depth)
        let reader = Thread { [statement, columns, batchBytes, batchRows] in
            var batch = RowBatch(columns: columns, reservingBytes: batchBytes)
            do {
                while try statement.step() {
                    batch.append(statement)
                    if batch.byteCount >= batchBytes || batch.rowCount >= batchRows {
                        guard channel.send(.rows(batch)) else { return }
                        batch = channel.recycled() ?? RowBatch(columns: columns, reservingBytes: batchBytes)
                    }
                }
                if batch.rowCount > 0 { guard channel.send(.rows(batch)) else { return } }
                _ = channel.send(.end)
            } catch {
                _ = channel.send(.failed(error))
            }
        }
        reader.stackSize = 1 << 20
        reader.start()
        defer { channel.cancelAndWaitForEnd() }
        while true {
            switch channel.receive() {
            case var .rows(batch):
                try batch.forEachRow(body)
                batch.removeAll()
                channel.recycle(batch)
            case .end: return
            case let .failed(error): throw error
            }
        }
    }
}

/// A bounded hand-over between the reader thread and the decoding thread.
private final class BatchChannel: @unchecked Sendable {
    enum Message { case rows(RowBatch), end, failed(Error) }

    private let condition = NSCondition()
    private var queue: [Message] = []
    /// Emptied batches handed back to the reader, so their memory is reused.
    private var spare: [RowBatch] = []
    private var cancelled = false
    private var finished = false
    private let depth: Int

    init(depth: Int) { self.depth = depth }

    /// Queues a message, waiting while the queue is full; false once the consumer has gone.
    func send(_ message: Message) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= depth && !cancelled { condition.wait() }
        if case .rows = message {} else { finished = true }
        guard !cancelled else { finished = true; condition.broadcast(); return false }
        queue.append(message)
        condition.broadcast()
        return true
    }

    func receive() -> Message {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty { condition.wait() }
        let message = queue.removeFirst()
        condition.broadcast()
        return message
    }

    func recycle(_ batch: RowBatch) {
        condition.lock()
        defer { condition.unlock() }
        if spare.count < depth { spare.append(batch) }
    }

    func recycled() -> RowBatch? {
        condition.lock()
        defer { condition.unlock() }
        return spare.popLast()
    }

    /// Stops the reader (if still running) and waits until it has let go of the statement.
    func cancelAndWaitForEnd() {
        condition.lock()
        defer { condition.unlock() }
        cancelled = true
        condition.broadcast()
        while !finished { condition.wait() }
    }
}

/// A statement is handed to the reader thread and used by it alone until it is joined.
extension SQLiteStatement: @unchecked Sendable {}
