import Foundation

/// An append-then-read temporary file, removed when released.
final class ScratchFile {
    let url: URL
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var flushedLength = 0
    private let bufferBytes: Int

    init(directory: URL, prefix: String, bufferBytes: Int = 1 << 20) throws {
        self.bufferBytes = bufferBytes
        url = directory.appendingPathComponent(".\(prefix)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).tmp")
        descriptor = open(url.path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw POSIXError.current(url.path) }
        unlink(url.path)  // nothing to clean up even if the process is killed
        buffer.reserveCapacity(bufferBytes)
    }

    deinit { close(descriptor) }

    func append(_ bytes: UnsafeBufferPointer<UInt8>) throws -> Int {
        let offset = flushedLength + buffer.count
        buffer.append(contentsOf: bytes)
        if buffer.count >= bufferBytes { try flush() }
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

    func readBytes(offset: Int, length: Int) throws -> [UInt8] {
        if offset + length > flushedLength { try flush() }
        return try [UInt8](unsafeUninitializedCapacity: length) { target, initialized in
            var done = 0
            while done < length {
                let got = pread(descriptor, target.baseAddress! + done, length - done, off_t(offset + done))
                guard got > 0 else { throw POSIXError.current(url.path) }
                done += got
            }
            initialized = length
        }
    }

    var length: Int { flushedLength + buffer.count }

    /// Reads the whole file from the start in pieces whose sizes are multiples of `unit`.
    func forEachChunk(unit: Int, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        try flush()
        let piece = max(unit, (4 << 20) / unit * unit)
        var chunk = [UInt8](repeating: 0, count: piece)
        var offset = 0
        while offset < flushedLength {
            let want = min(piece, flushedLength - offset)
            try chunk.withUnsafeMutableBytes { target in
                var done = 0
                while done < want {
                    let got = pread(descriptor, target.baseAddress! + done, want - done, off_t(offset + done))
                    guard got > 0 else { throw POSIXError.current(url.path) }
                    done += got
                }
                try body(UnsafeRawBufferPointer(rebasing: target[0..<want]))
            }
            offset += want
        }
    }

    /// Writes out the buffer; reads of flushed bytes never touch the buffer again.
    func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try writeAll(descriptor, $0, path: url.path) }
        flushedLength += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }
}

