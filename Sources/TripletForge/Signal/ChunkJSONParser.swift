/// Parses the `chunks` column of the interactions layout: a JSON array of chunk objects.
///
/// This is the hottest code of a build, so it is a small hand-written UTF-8 scanner rather than
/// `JSONSerialization` (about 4× slower here, and it allocates a Foundation object per value). It
/// reads only the fields training needs (`text`, `contextualised_text`, `chunk_type`,
/// `rerank_score`) and skips everything else without building it. It is strict: anything that is
/// not RFC 8259 JSON — invalid UTF-8, raw control characters in strings, lone surrogate escapes,
/// trailing garbage — is an error naming the byte offset, never a guess. A property test holds it
/// to Foundation's parser on random and adversarial inputs.
///
/// ```swift
/// let chunks = try ChunkJSONParser.parse(#"[{"text":"RAG retrieves.","chunk_type":"leaf"}]"#)
/// chunks[0].text  // "RAG retrieves."
/// ```
public enum ChunkJSONParser {
    /// Parsing stops past this many chunks in one row (a log gone wrong, not a retrieval).
    public static let defaultMaxChunks = 10_000
    /// Parsing stops past this nesting depth (hostile input, not a retrieval).
    public static let maxDepth = 64

    public static func parse(_ json: String, maxChunks: Int = defaultMaxChunks) throws(ChunkJSONError) -> [RetrievedChunk] {
        var json = json
        let result = json.withUTF8 { bytes in
            Result { () throws(ChunkJSONError) in try parse(bytes, maxChunks: maxChunks) }
        }
        return try result.get()
    }

    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, maxChunks: Int = defaultMaxChunks) throws(ChunkJSONError) -> [RetrievedChunk] {
        var scanner = JSONScanner(bytes: bytes)
        var chunks: [RetrievedChunk] = []
        scanner.skipWhitespace()
        try scanner.expect(UInt8(ascii: "["), "the chunks column must be a JSON array")
        scanner.skipWhitespace()
        if scanner.peek() == UInt8(ascii: "]") {
            scanner.advance()
        } else {
            while true {
                scanner.skipWhitespace()
                guard chunks.count < maxChunks else {
                    throw ChunkJSONError(offset: scanner.offset, reason: "more than \(maxChunks) chunks in one row", kind: .tooManyChunks)
                }
                chunks.append(try parseChunk(&scanner, index: chunks.count))
                scanner.skipWhitespace()
                if scanner.peek() == UInt8(ascii: ",") { scanner.advance(); continue }
                try scanner.expect(UInt8(ascii: "]"), "expected ',' or ']' after a chunk")
                break
            }
        }
        scanner.skipWhitespace()
        guard scanner.atEnd else { throw scanner.error("unexpected bytes after the chunks array") }
        return chunks
    }

    private static func parseChunk(_ scanner: inout JSONScanner, index: Int) throws(ChunkJSONError) -> RetrievedChunk {
        try scanner.expect(UInt8(ascii: "{"), "chunk \(index + 1) is not a JSON object")
        var text: String?
        var contextualised: String?
        var kind = ChunkKind.leaf
        var score: Double?
        scanner.skipWhitespace()
        if scanner.peek() == UInt8(ascii: "}") { scanner.advance() } else {
            while true {
                scanner.skipWhitespace()
                let key = try scanner.parseString()
                scanner.skipWhitespace()
                try scanner.expect(UInt8(ascii: ":"), "expected ':' after a key")
                scanner.skipWhitespace()
                switch key {
                case "text":
                    text = try scanner.parseString()
                case "contextualised_text", "contextualized_text":
                    contextualised = try scanner.parseOptionalString()
                case "chunk_type":
                    if let raw = try scanner.parseOptionalString() { kind = ChunkKind(rawValue: raw) ?? .unknown }
                case "rerank_score":
                    score = try scanner.parseOptionalNumber()
                default:
                    try scanner.skipValue(depth: 2)
                }
                scanner.skipWhitespace()
                if scanner.peek() == UInt8(ascii: ",") { scanner.advance(); continue }
                try scanner.expect(UInt8(ascii: "}"), "expected ',' or '}' in chunk \(index + 1)")
                break
            }
        }
        guard let text else {
            throw ChunkJSONError(offset: scanner.offset, reason: "chunk \(index + 1) has no \"text\" string", kind: .missingText)
        }
        return RetrievedChunk(text: text, contextualisedText: contextualised, kind: kind, score: score)
    }
}

/// Why a chunks column could not be parsed, and where.
public struct ChunkJSONError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable { case malformed, missingText, tooManyChunks, tooDeep }
    /// Byte offset into the column.
    public var offset: Int
    public var reason: String
    public var kind: Kind

    public var description: String { "\(reason) (at byte \(offset))" }
}
