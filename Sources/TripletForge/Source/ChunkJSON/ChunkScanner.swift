import Foundation

/// Scans the `chunks` column of the interactions layout — a JSON array of chunk objects — and
/// hands each chunk's training fields to a closure as byte views, without building anything.
///
/// This is the hottest code of a build, so it is a small hand-written UTF-8 scanner rather than
/// `JSONSerialization` (about 4× slower here, allocating a Foundation object per value, and on
/// Linux it silently drops U+FEFF from strings). It reads only `text`, `contextualised_text`,
/// `chunk_type` and `rerank_score`, skipping every other field unbuilt. It is strict: anything that
/// is not RFC 8259 JSON — raw control characters in strings, lone surrogate escapes, bad numbers,
/// trailing bytes — is an error naming the byte offset, never a guess. The views are valid only
/// inside the closure; ``ChunkJSONParser`` is the convenient `String` API over the same scanner.
/// Property tests hold both to Foundation's parser on random and adversarial inputs.
public struct ChunkScanner {
    /// Parsing stops past this many chunks in one row (a log gone wrong, not a retrieval).
    public static let defaultMaxChunks = 10_000
    /// Parsing stops past this nesting depth (hostile input, not a retrieval).
    public static let maxDepth = 64

    /// One chunk's fields, as views into the column or into the scanner's scratch buffers.
    public struct Fields {
        /// `text`, undecoded and not yet validated as UTF-8.
        public var text: TextSpan
        /// `contextualised_text` (also spelled `contextualized_text`), when present and not null.
        public var contextualisedText: TextSpan?
        public var kind: ChunkKind
        public var score: Double?
    }

    public let maxChunks: Int

    public init(maxChunks: Int = defaultMaxChunks) { self.maxChunks = maxChunks }

    /// Calls `body` with each chunk in order (index, fields); returns the number of chunks.
    /// Malformed input throws ``ChunkJSONError``; errors from `body` pass through unchanged.
    @discardableResult
    public func scan(_ json: UnsafeBufferPointer<UInt8>, _ body: (Int, Fields) throws -> Void) throws -> Int {
        guard json.baseAddress != nil else { throw ChunkJSONError(offset: 0, reason: "the chunks column is empty", kind: .malformed) }
        var scanner = JSONScanner(bytes: json)
        scanner.skipWhitespace()
        try scanner.expect(UInt8(ascii: "["), "the chunks column must be a JSON array")
        scanner.skipWhitespace()
        var index = 0
        if scanner.peek() == UInt8(ascii: "]") {
            scanner.advance()
        } else {
            while true {
                scanner.skipWhitespace()
                guard index < maxChunks else {
                    throw ChunkJSONError(offset: scanner.offset, reason: "more than \(maxChunks) chunks in one row", kind: .tooManyChunks)
                }
                try body(index, try scanChunk(&scanner, index: index))
                index += 1
                scanner.skipWhitespace()
                if scanner.peek() == UInt8(ascii: ",") { scanner.advance(); continue }
                try scanner.expect(UInt8(ascii: "]"), "expected ',' or ']' after a chunk")
                break
            }
        }
        scanner.skipWhitespace()
        guard scanner.atEnd else { throw scanner.error("unexpected bytes after the chunks array") }
        return index
    }

    private enum Key: UInt8 {
        case text, contextualised, chunkType, score, other
        var bit: UInt8 { 1 << rawValue }
        var name: String {
            switch self {
            case .text: "text"
            case .contextualised: "contextualised_text"
            case .chunkType: "chunk_type"
            case .score: "rerank_score"
            case .other: ""
            }
        }
    }

    private func scanChunk(_ scanner: inout JSONScanner, index: Int) throws(ChunkJSONError) -> Fields {
        try scanner.expect(UInt8(ascii: "{"), "chunk \(index + 1) is not a JSON object")
        var fields = Fields(text: TextSpan(raw: UnsafeBufferPointer(start: nil, count: 0)), contextualisedText: nil, kind: .leaf, score: nil)
        var hasText = false
        // The fields read, as bits of `Key`: a field given twice is refused, not resolved. JSON
        // parsers disagree on it (Foundation and Python keep the last value), so whichever one we
        // kept, some reader of the same log would train on the other (found by fuzzing).
        var seen: UInt8 = 0
        scanner.skipWhitespace()
        if scanner.peek() == UInt8(ascii: "}") { scanner.advance() } else {
            while true {
                scanner.skipWhitespace()
                let keyOffset = scanner.offset
                let key = Self.classify(try scanner.parseString())
                if key != .other {
                    guard seen & key.bit == 0 else {
                        throw ChunkJSONError(offset: keyOffset, reason: "chunk \(index + 1) has \"\(key.name)\" twice", kind: .duplicateKey)
                    }
                    seen |= key.bit
                }
                scanner.skipWhitespace()
                try scanner.expect(UInt8(ascii: ":"), "expected ':' after a key")
                scanner.skipWhitespace()
                switch key {
                case .text:
                    fields.text = try scanner.parseString()
                    hasText = true
                case .contextualised:
                    fields.contextualisedText = try scanner.isNull() ? nil : try scanner.parseString()
                case .chunkType:
                    if !(try scanner.isNull()) { fields.kind = try scanner.parseString().withDecoded(ChunkKind.init(utf8:)) }
                case .score:
                    fields.score = try scanner.parseOptionalNumber()
                case .other:
                    try scanner.skipValue(depth: 2)
                }
                scanner.skipWhitespace()
                if scanner.peek() == UInt8(ascii: ",") { scanner.advance(); continue }
                try scanner.expect(UInt8(ascii: "}"), "expected ',' or '}' in chunk \(index + 1)")
                break
            }
        }
        guard hasText else {
            throw ChunkJSONError(offset: scanner.offset, reason: "chunk \(index + 1) has no \"text\" string", kind: .missingText)
        }
        return fields
    }

    private static func classify(_ key: TextSpan) -> Key {
        key.withDecoded { bytes in
            switch bytes.count {
            case 4 where bytes.equals("text"): return .text
            case 10 where bytes.equals("chunk_type"): return .chunkType
            case 12 where bytes.equals("rerank_score"): return .score
            case 19 where bytes.equals("contextualised_text") || bytes.equals("contextualized_text"): return .contextualised
            default: return .other
            }
        }
    }
}

extension ChunkKind {
    init(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        if bytes.equals("leaf") { self = .leaf }
        else if bytes.equals("raptor_summary") { self = .raptorSummary }
        else if bytes.equals("question_proxy") { self = .questionProxy }
        else { self = .unknown }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Byte equality with an ASCII literal, without building a `String`.
    @inline(__always)
    func equals(_ literal: StaticString) -> Bool {
        guard count == literal.utf8CodeUnitCount else { return false }
        guard let base = baseAddress else { return count == 0 }
        return memcmp(base, literal.utf8Start, count) == 0
    }
}

/// Why a chunks column could not be parsed, and where.
public struct ChunkJSONError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable { case malformed, missingText, tooManyChunks, tooDeep, invalidUTF8, duplicateKey }
    /// Byte offset into the column.
    public var offset: Int
    public var reason: String
    public var kind: Kind

    public var description: String { "\(reason) (at byte \(offset))" }
}

extension ChunkJSONError.Kind {
    /// The reject reason of a row whose chunks fail this way.
    public var reason: ReasonCode {
        switch self {
        case .malformed, .duplicateKey: return .malformedChunksJSON
        case .missingText: return .chunkWithoutText
        case .tooManyChunks: return .tooManyChunks
        case .tooDeep: return .chunksJSONTooDeep
        case .invalidUTF8: return .invalidUTF8
        }
    }
}
