import CInflate
import Crypto
import Foundation

/// Reads a gzip file of JSON Lines the way a consumer would — every member, to the end — and
/// hands each line to a closure, while hashing the compressed bytes.
///
/// One pass over the file gives its size, SHA-256, gzip integrity (each member's CRC-32 and length
/// are checked by zlib), uncompressed size and lines, so validating a large dataset reads it once.
struct GzipLineReader {
    struct Summary {
        var compressedBytes = 0
        var uncompressedBytes = 0
        var members = 0
        var lines = 0
        var sha256 = ""
        /// Why the file is not valid gzip, when it is not (lines after the fault are not read).
        var gzipProblem: String?
        /// The last line had no newline.
        var unterminatedLastLine = false
    }

    static let chunkSize = 1 << 20

    /// Reads `url`; `body` gets each line (without its newline) and its 1-based number.
    static func read(_ url: URL, _ body: (UnsafeBufferPointer<UInt8>, Int) -> Void) throws -> Summary {
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { throw TripletForgeError.invalidDataset(path: url.path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        guard let inflater = tf_gunzip_new() else { throw TripletForgeError.invalidDataset(path: url.path, reason: "out of memory") }
        defer { tf_gunzip_free(inflater) }

        var summary = Summary()
        var hasher = SHA256()
        var input = [UInt8](repeating: 0, count: chunkSize)
        var output = [UInt8](repeating: 0, count: chunkSize)
        var pending: [UInt8] = []

        func emit(_ produced: ArraySlice<UInt8>) {
            summary.uncompressedBytes += produced.count
            var start = produced.startIndex
            while let newline = produced[start...].firstIndex(of: 0x0A) {
                summary.lines += 1
                if pending.isEmpty {
                    produced.withUnsafeBufferPointer { all in
                        body(UnsafeBufferPointer(rebasing: all[(start - produced.startIndex)..<(newline - produced.startIndex)]), summary.lines)
                    }
                } else {
                    pending.append(contentsOf: produced[start..<newline])
                    pending.withUnsafeBufferPointer { body($0, summary.lines) }
                    pending.removeAll(keepingCapacity: true)
                }
                start = newline + 1
            }
            pending.append(contentsOf: produced[start...])
        }

        reading: while true {
            let got = input.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, chunkSize) }
            if got < 0 {
                if errno == EINTR { continue }
                throw TripletForgeError.invalidDataset(path: url.path, reason: String(cString: strerror(errno)))
            }
            if got == 0 { break }
            summary.compressedBytes += got
            input.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<got])) }
            guard summary.gzipProblem == nil else { continue }  // keep hashing; stop inflating
            var offset = 0
            while offset < got || tf_gunzip_in_member(inflater) != 0 {
                var used = 0, made = 0
                let status = input.withUnsafeBufferPointer { source in
                    output.withUnsafeMutableBufferPointer { target in
                        tf_gunzip_run(inflater, source.baseAddress! + offset, got - offset, &used, target.baseAddress!, chunkSize, &made)
                    }
                }
                offset += used
                emit(output[0..<made])
                switch status {
                case TF_GUNZIP_MEMBER_END:
                    summary.members += 1
                case TF_GUNZIP_ERROR:
                    summary.gzipProblem = "not valid gzip in member \(summary.members + 1): \(String(cString: tf_gunzip_message(inflater)))"
                    continue reading
                default:
                    // Needs more input: go read it (unless output filled up, then inflate on).
                    if made < chunkSize && offset >= got { continue reading }
                }
            }
        }
        if summary.gzipProblem == nil {
            if summary.compressedBytes == 0 {
                summary.gzipProblem = "empty file (an empty shard is still one gzip member)"
            } else if tf_gunzip_in_member(inflater) != 0 {
                summary.gzipProblem = "truncated: the file ends inside gzip member \(summary.members + 1)"
            }
        }
        if !pending.isEmpty && summary.gzipProblem == nil {
            summary.lines += 1
            summary.unterminatedLastLine = true
            pending.withUnsafeBufferPointer { body($0, summary.lines) }
        }
        summary.sha256 = hasher.finalize().hexString
        return summary
    }
}
