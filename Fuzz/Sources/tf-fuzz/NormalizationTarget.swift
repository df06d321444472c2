import TripletForge

/// Text normalisation: the one-pass `chunkKey` (with its NFKC quick check) equals the plain
/// definition, NFKC then collapsed whitespace; every key is idempotent.
enum NormalizationTarget {
    static func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        let text = String(decoding: bytes, as: UTF8.self)
        let chunk = TextNormalization.chunkKey(text)
        let reference = TextNormalization.collapseWhitespace(TextNormalization.compatibilityNormalized(text))
        require(chunk == reference, "chunkKey \(escaped(chunk)) != NFKC+collapse \(escaped(reference)) for \(escaped(text))")
        require(TextNormalization.chunkKey(chunk) == chunk, "chunkKey not idempotent for \(escaped(text))")
        let query = TextNormalization.queryKey(text)
        require(TextNormalization.queryKey(query) == query, "queryKey not idempotent: \(escaped(text)) -> \(escaped(query)) -> \(escaped(TextNormalization.queryKey(query)))")
        let collapsed = TextNormalization.collapseWhitespace(text)
        require(TextNormalization.collapseWhitespace(collapsed) == collapsed, "collapseWhitespace not idempotent for \(escaped(text))")
        require(TextNormalization.isBlank(text) == collapsed.isEmpty, "isBlank disagrees with collapseWhitespace for \(escaped(text))")
    }
}

func escaped(_ text: String) -> String {
    text.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? String($0) : "\\u{\(String($0.value, radix: 16))}" }.joined()
}
