import Foundation

/// Every distinct chunk seen, keyed by content, with the one text form training will show.
///
/// Texts are spilled to a scratch file as they first appear and read back when shards are written,
/// so memory holds only a small entry per distinct chunk however large the input grows.
///
/// When one chunk (same normalised `text`) was logged in several forms — with and without a
/// `contextualised_text`, or under different ids — the first contextualised form seen wins, else
/// the first plain form: every triplet then shows the chunk the same way.
final class ChunkStore {
    struct Entry {
        var offset: Int
        var length: Int
        /// Hash of the exact training text: two keys whose forms are equal must never pair.
        var formHash: UInt64
        var isContextualised: Bool
    }

    private var entries = HashedKeyTable<PassageKey, Entry>()
    private let file: ScratchFile

    init(directory: URL) throws {
        file = try ScratchFile(directory: directory, prefix: "chunks")
    }

    var count: Int { entries.count }

    /// Records the training form of `key` (validated UTF-8), unless a better one is stored:
    /// a contextualised form replaces a plain one, never the reverse.
    func record(_ key: PassageKey, form: UnsafeBufferPointer<UInt8>, isContextualised: Bool) throws {
        if let existing = entries[key], existing.isContextualised || !isContextualised { return }
        let offset = try file.append(form)
        entries.set(key, Entry(offset: offset, length: form.count, formHash: ContentHasher.hash(form), isContextualised: isContextualised))
    }

    func entry(_ key: PassageKey) -> Entry? { entries[key] }

    func finishWriting() throws { try file.flush() }

    func trainingText(_ key: PassageKey) throws -> String {
        guard let entry = entries[key] else { preconditionFailure("chunk \(key.rawValue.hexDigits) was never recorded") }
        return try file.read(offset: entry.offset, length: entry.length)
    }
}
