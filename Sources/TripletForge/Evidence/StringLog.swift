import Foundation

/// Strings appended once and read back by index, kept in a scratch file: 8 bytes of memory each.
///
/// Provenance names the signal behind every label, and a large input has millions of signals;
/// their ids are needed only for the few that end up in the dataset, when it is written.
final class StringLog {
    private let file: ScratchFile
    private var ends: [UInt64] = []

    init(directory: URL, prefix: String) throws {
        file = try ScratchFile(directory: directory, prefix: prefix, bufferBytes: 1 << 18)
    }

    var count: Int { ends.count }

    func finishWriting() throws { try file.flush() }

    @discardableResult
    func append(_ text: String) throws -> Int {
        var text = text
        try text.withUTF8 { _ = try file.append($0) }
        ends.append(UInt64(file.length))
        return ends.count - 1
    }

    subscript(index: Int) -> String? {
        guard index >= 0, index < ends.count else { return nil }
        let start = index == 0 ? 0 : Int(ends[index - 1])
        return try? file.read(offset: start, length: Int(ends[index]) - start)
    }

    /// Every string at once, read into memory with one pass: for a writer that looks up many ids
    /// (a `pread` per lookup would dominate it). Costs the file's size, a few bytes per string.
    func loadAll() throws -> LoadedStrings {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(file.length)
        try file.forEachChunk(unit: 1) { bytes.append(contentsOf: $0) }
        return LoadedStrings(bytes: bytes, ends: ends)
    }
}

/// A ``StringLog``'s strings held in memory, read back by index.
struct LoadedStrings: Sendable {
    let bytes: [UInt8]
    let ends: [UInt64]

    subscript(index: Int) -> String? {
        withUTF8(index) { $0.map { String(decoding: $0, as: UTF8.self) } }
    }

    /// Calls `body` with the bytes of string `index` (nil when out of range), without copying.
    func withUTF8<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>?) throws -> R) rethrows -> R {
        guard index >= 0, index < ends.count else { return try body(nil) }
        let start = index == 0 ? 0 : Int(ends[index - 1])
        return try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<Int(ends[index])])) }
    }
}
