/// Turns chunk texts into content keys, normalising each distinct text only once.
///
/// A chunk's identity is the hash of its normalised text (NFKC, whitespace collapsed), and
/// normalising is the costliest step of a build. Chunks repeat — the same passage is surfaced in
/// thousands of answers — so the interner remembers the key of each exact byte string it has
/// seen: a repeat costs one hash and one lookup, with no `String` made and no re-validation.
/// On the first sight of a leaf chunk it also stores the chunk's training form (see
/// `ChunkStore`), upgrading it when a later occurrence carries a `contextualised_text`.
public final class ChunkInterner {
    let store: ChunkStore
    /// Applied to each distinct text before it is normalised, hashed or stored.
    let redaction: Redaction
    /// Where each distinct leaf passage is sketched as it is first stored; nil: near-duplicate
    /// collapse is off.
    let nearDuplicates: NearDuplicates?
    private var keyOfRawText = HashedKeyTable<UInt64, Interned>()

    init(store: ChunkStore, redaction: Redaction, nearDuplicates: NearDuplicates? = nil) {
        self.store = store
        self.redaction = redaction
        self.nearDuplicates = nearDuplicates
    }

    /// The content key of a chunk; `nil` when its text is not valid UTF-8.
    public func key(text: TextSpan, contextualisedText: TextSpan?, isLeaf: Bool) throws -> PassageKey? {
        var rawHasher = ContentHasher()
        rawHasher.combine(byte: text.isJSONEscaped ? 1 : 0)
        rawHasher.combine(UnsafeRawBufferPointer(text.raw))
        let raw = rawHasher.finalize()
        let known = keyOfRawText[raw]
        var interned: Interned
        var normalized: String?
        if let known {
            interned = known
        } else {
            guard let string = text.decodedString() else { return nil }
            normalized = TextNormalization.chunkKey(redaction.passage(string))
            interned = Interned(key: PassageKey(rawValue: ContentHasher.hash(normalized!.utf8)))
        }
        // The store is consulted only when this occurrence could add a form the memo has not seen.
        if isLeaf, interned.form != .contextualised, interned.form == .none || contextualisedText != nil {
            let stored = store.entry(interned.key)
            if stored == nil, let nearDuplicates {
                // Rare: a text first seen as a non-leaf chunk; its normal form was not kept.
                if normalized == nil, let string = text.decodedString() {
                    normalized = TextNormalization.chunkKey(redaction.passage(string, counting: false))
                }
                if let normalized { nearDuplicates.record(interned.key, normalized: normalized) }
            }
            if stored == nil || (contextualisedText != nil && stored?.isContextualised == false) {
                guard let decoded = (contextualisedText ?? text).decodedString() else { return nil }
                // A plain text's replacements were counted when its key was made.
                var form = redaction.passage(decoded, counting: contextualisedText != nil)
                try form.withUTF8 { try store.record(interned.key, form: $0, isContextualised: contextualisedText != nil) }
            }
            interned.form = store.entry(interned.key)!.isContextualised ? .contextualised : .plain
        }
        if known != interned { keyOfRawText.set(raw, interned) }
        return interned.key
    }

    /// What the memo knows of one exact text: its key, and which form of its chunk is stored.
    struct Interned: Equatable {
        enum Form: UInt8 { case none, plain, contextualised }
        var key: PassageKey
        var form = Form.none
    }
}
