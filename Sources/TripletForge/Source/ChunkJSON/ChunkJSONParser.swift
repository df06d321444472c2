/// The `String` API over ``ChunkScanner``: parses a chunks column into ``RetrievedChunk`` values.
///
/// Builds use the scanner directly (no `String` per chunk); this is for tools, tests and sources
/// that need the texts themselves.
///
/// ```swift
/// let chunks = try ChunkJSONParser.parse(#"[{"text":"RAG retrieves.","chunk_type":"leaf"}]"#)
/// chunks[0].text  // "RAG retrieves."
/// ```
public enum ChunkJSONParser {
    public static func parse(_ json: String, maxChunks: Int = ChunkScanner.defaultMaxChunks) throws(ChunkJSONError) -> [RetrievedChunk] {
        var json = json
        let result = json.withUTF8 { bytes in
            Result { () throws(ChunkJSONError) in try parse(bytes, maxChunks: maxChunks) }
        }
        return try result.get()
    }

    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, maxChunks: Int = ChunkScanner.defaultMaxChunks) throws(ChunkJSONError) -> [RetrievedChunk] {
        let scanner = ChunkScanner(maxChunks: maxChunks)
        var chunks: [RetrievedChunk] = []
        do {
            try scanner.scan(bytes) { index, fields in
                chunks.append(RetrievedChunk(
                    text: try validated(fields.text, "text", index),
                    contextualisedText: try fields.contextualisedText.map { try validated($0, "contextualised_text", index) },
                    kind: fields.kind, score: fields.score))
            }
        } catch {
            // Only parse errors can arise: the closure above throws nothing else.
            throw error as! ChunkJSONError
        }
        return chunks
    }

    static func validated(_ span: TextSpan, _ field: String, _ index: Int) throws(ChunkJSONError) -> String {
        guard let text = span.decodedString() else {
            throw ChunkJSONError(offset: 0, reason: "\(field) of chunk \(index + 1) is not valid UTF-8", kind: .invalidUTF8)
        }
        return text
    }
}
