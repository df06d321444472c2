/// A view of text bytes as they sit in the input: plain UTF-8, or the inside of a JSON string
/// literal whose escapes are not yet decoded.
///
/// Keeping a chunk's text undecoded lets the ``ChunkInterner`` recognise a repeat by hashing the
/// bytes in place; only a text seen for the first time is decoded, validated and normalised.
/// The view is valid only while the buffer it points into is (inside a scan or a row step).
public struct TextSpan {
    /// The bytes: plain UTF-8, or JSON-escaped when ``isJSONEscaped``.
    public var raw: UnsafeBufferPointer<UInt8>
    public var isJSONEscaped: Bool

    public init(raw: UnsafeBufferPointer<UInt8>, isJSONEscaped: Bool = false) {
        self.raw = raw
        self.isJSONEscaped = isJSONEscaped
    }

    /// Calls `body` with the decoded bytes (not yet validated as UTF-8).
    public func withDecoded<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        guard isJSONEscaped else { return try body(raw) }
        var scratch = ScratchBuffer(capacity: raw.count)
        // The span was validated when scanned, so decoding cannot fail.
        var scanner = JSONScanner(bytes: raw)
        try! scanner.decodeEscapedRest(into: &scratch, untilQuote: false)
        return try body(scratch.view)
    }

    /// The decoded text, or nil when it is not valid UTF-8.
    public func decodedString() -> String? {
        withDecoded { String(validating: $0, as: UTF8.self) }
    }
}
