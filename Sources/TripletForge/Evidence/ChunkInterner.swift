/// Turns chunk texts into content keys, normalising each distinct text only once.
///
/// A chunk's identity is the hash of its normalised text (NFKC, whitespace collapsed), and
/// normalising is the costliest step of a build. Chunks repeat — the same passage is surfaced in
/// thousands of answers — so the interner remembers the key of each exact byte string it has
/// seen: a repeat costs one hash and one lookup, with no `String` made and no re-validation.
/// On the first sight of a leaf chunk it also stores the chunk's training form (see
/// ``ChunkStore``), upgrading it when a later occurrence carries a `contextualised_text`.
public final class ChunkInterner {
    let store: ChunkStore
    /// Applied to each distinct text before it is normalised, hashed or stored; nil: off.
    let redactor: Redactor?
    /// What the redactor replaced, by kind, counted once per distinct text.
    public private(set) var redactions = ReasonCounts()
    private var keyOfRawText: [UInt64: UInt64] = [:]

    init(store: ChunkStore, redactor: Redactor?) {
        self.store = store
        self.redactor = redactor
    }

    /// The content key of a chunk; `nil` when its text is not valid UTF-8.
    public func key(text: TextSpan, contextualisedText: TextSpan?, isLeaf: Bool) throws -> UInt64? {
        var rawHasher = ContentHasher()
        rawHasher.combine(byte: text.isJSONEscaped ? 1 : 0)
        rawHasher.combine(UnsafeRawBufferPointer(text.raw))
        let raw = rawHasher.finalize()
        let key: UInt64
        if let known = keyOfRawText[raw] {
            key = known
        } else {
            guard let string = text.decodedString() else { return nil }
            key = ContentHasher.hash(TextNormalization.chunkKey(redacted(string)).utf8)
            keyOfRawText[raw] = key
        }
        guard isLeaf else { return key }
        let stored = store.entry(key)
        if stored == nil || (contextualisedText != nil && stored?.isContextualised == false) {
            guard let decoded = (contextualisedText ?? text).decodedString() else { return nil }
            // A plain text's replacements were counted when its key was made.
            var form = redacted(decoded, counting: contextualisedText != nil)
            try form.withUTF8 { try store.record(key, form: $0, isContextualised: contextualisedText != nil) }
        }
        return key
    }

    private func redacted(_ text: String, counting: Bool = true) -> String {
        guard let redactor else { return text }
        var uncounted = ReasonCounts()
        return counting ? redactor.redact(text, counts: &redactions) : redactor.redact(text, counts: &uncounted)
    }

    /// The same, for texts already in hand.
    public func key(of chunk: RetrievedChunk) throws -> UInt64 {
        var text = chunk.text
        var context = chunk.contextualisedText
        return try text.withUTF8 { textBytes in
            if context == nil {
                return try key(text: TextSpan(raw: textBytes), contextualisedText: nil, isLeaf: chunk.kind == .leaf)!
            }
            return try context!.withUTF8 { contextBytes in
                try key(text: TextSpan(raw: textBytes), contextualisedText: TextSpan(raw: contextBytes), isLeaf: chunk.kind == .leaf)!
            }
        }
    }
}
