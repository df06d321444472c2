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

    private var entries = HashedKeyTable<UInt64, Entry>()
    private let file: ScratchFile

    init(directory: URL) throws {
        file = try ScratchFile(directory: directory, prefix: "chunks")
    }

    var count: Int { entries.count }

    /// Records the training form of `key` (validated UTF-8), unless a better one is stored:
    /// a contextualised form replaces a plain one, never the reverse.
    func record(_ key: UInt64, form: UnsafeBufferPointer<UInt8>, isContextualised: Bool) throws {
        if let existing = entries[key], existing.isContextualised || !isContextualised { return }
        let offset = try file.append(form)
        entries.set(key, Entry(offset: offset, length: form.count, formHash: ContentHasher.hash(form), isContextualised: isContextualised))
    }

    func entry(_ key: UInt64) -> Entry? { entries[key] }

    func trainingText(_ key: UInt64) throws -> String {
        guard let entry = entries[key] else { preconditionFailure("chunk \(key.hexDigits) was never recorded") }
        return try file.read(offset: entry.offset, length: entry.length)
    }
}

/// An append-then-read temporary file, removed when released.
final class ScratchFile {
    let url: URL
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var flushedLength = 0

    init(directory: URL, prefix: String) throws {
        url = directory.appendingPathComponent(".\(prefix)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).tmp")
        descriptor = open(url.path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw POSIXError.current(url.path) }
        unlink(url.path)  // nothing to clean up even if the process is killed
        buffer.reserveCapacity(1 << 20)
    }

    deinit { close(descriptor) }

    func append(_ bytes: UnsafeBufferPointer<UInt8>) throws -> Int {
        let offset = flushedLength + buffer.count
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
        return offset
    }

    func read(offset: Int, length: Int) throws -> String {
        if offset + length > flushedLength { try flush() }
        return try String(unsafeUninitializedCapacity: length) { target in
            var done = 0
            while done < length {
                let got = pread(descriptor, target.baseAddress! + done, length - done, off_t(offset + done))
                guard got > 0 else { throw POSIXError.current(url.path) }
                done += got
            }
            return length
        }
    }

    private func flush() throws {
        try buffer.withUnsafeBytes { try writeAll(descriptor, $0, path: url.path) }
        flushedLength += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }
}

func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
    var done = 0
    while done < bytes.count {
        let wrote = write(descriptor, bytes.baseAddress! + done, bytes.count - done)
        if wrote < 0 && errno == EINTR { continue }
        guard wrote > 0 else { throw POSIXError.current(path) }
        done += wrote
    }
}

extension POSIXError {
    /// The current `errno` as an error that names the file.
    static func current(_ path: String) -> TripletForgeError {
        .outputFailed(path: path, reason: String(cString: strerror(errno)))
    }
}
