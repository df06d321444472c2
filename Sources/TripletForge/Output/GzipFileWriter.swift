import CZlib
import Crypto
import Foundation

/// Streams bytes into a standard `.gz` file with zlib, hashing the compressed bytes as they go.
///
/// The gzip header is zlib's default for `deflateInit2` with window bits 31: modification time 0,
/// no file name, OS byte "Unix". So the same bytes in give the same file out, on every run.
final class GzipFileWriter {
    let url: URL
    private var stream = z_stream()
    private let descriptor: Int32
    private var output = [UInt8](repeating: 0, count: 1 << 18)
    private var sha = SHA256()
    private(set) var compressedBytes = 0
    private(set) var uncompressedBytes = 0

    init(url: URL, level: Int32) throws {
        self.url = url
        descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else { throw POSIXError.current(url.path) }
        let status = deflateInit2_(&stream, level, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { close(descriptor); throw TripletForgeError.outputFailed(path: url.path, reason: "zlib init failed (\(status))") }
    }

    deinit {
        deflateEnd(&stream)
        close(descriptor)
    }

    func write(_ bytes: [UInt8]) throws {
        uncompressedBytes += bytes.count
        try bytes.withUnsafeBufferPointer { try deflate($0, flush: Z_NO_FLUSH) }
    }

    /// Finishes the stream, syncs the file, and returns the SHA-256 of what was written.
    func finish() throws -> String {
        try deflate(UnsafeBufferPointer(start: nil, count: 0), flush: Z_FINISH)
        guard fsync(descriptor) == 0 else { throw POSIXError.current(url.path) }
        return sha.finalize().map { String(format: "%02x", $0) }.joined()
    }

    private func deflate(_ input: UnsafeBufferPointer<UInt8>, flush: Int32) throws {
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
        stream.avail_in = uInt(input.count)
        var status: Int32 = Z_OK
        repeat {
            try output.withUnsafeMutableBufferPointer { out in
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(out.count)
                status = CZlib.deflate(&stream, flush)
                guard status != Z_STREAM_ERROR else { throw TripletForgeError.outputFailed(path: url.path, reason: "zlib stream error") }
                let produced = out.count - Int(stream.avail_out)
                if produced > 0 {
                    let chunk = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(out)[0..<produced])
                    sha.update(bufferPointer: chunk)
                    try writeAll(descriptor, chunk, path: url.path)
                    compressedBytes += produced
                }
            }
        } while stream.avail_out == 0 || (flush == Z_FINISH && status != Z_STREAM_END)
    }
}
