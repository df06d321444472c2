import CDeflate
import Crypto
import Dispatch
import Foundation

/// Writes a `.gz` file as a sequence of independent gzip members, compressed on every core.
///
/// The input is cut into fixed-size blocks; each block becomes one complete gzip member, and the
/// members are concatenated in order. RFC 1952 allows several members in one file, and `gzip`,
/// Python's `gzip` and `datasets` read them as one stream. Because blocks are cut at fixed sizes
/// and each is compressed on its own, the file is byte-identical whatever the number of threads.
/// Deflate is ISA-L's igzip when its library is present (several times faster than zlib at
/// similar ratios), else zlib; the engine is recorded in the manifest.
///
/// ```swift
/// let writer = try GzipMemberWriter(url: shard, level: 6)
/// try writer.write(jsonLines)
/// let sha256 = try writer.finish()
/// ```
final class GzipMemberWriter {
    /// Uncompressed bytes per member: large enough that the fresh dictionary of each member costs
    /// almost nothing in ratio, small enough to spread a shard across cores.
    static let blockSize = 1 << 21
    /// Blocks being compressed at once: every core busy, and memory bounded.
    static let inFlightLimit = max(2, ProcessInfo.processInfo.activeProcessorCount) + 1

    let url: URL
    let engine: DeflateEngine
    let level: Int32
    private let descriptor: Int32
    private var pending: [UInt8] = []
    /// Blocks handed to the compression queue, oldest first: written in this order as they finish.
    private var inFlight: [CompressedBlock] = []
    private let queue = DispatchQueue(label: "tripletforge.gzip", qos: .userInitiated, attributes: .concurrent)
    private var sha = SHA256()
    private(set) var compressedBytes = 0
    private(set) var uncompressedBytes = 0

    init(url: URL, level: Int, engine: DeflateEngine = .best) throws {
        self.url = url
        self.level = Int32(level)
        self.engine = engine
        descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else { throw POSIXError.current(url.path) }
        pending.reserveCapacity(Self.blockSize)
    }

    deinit {
        for block in inFlight { block.done.wait() }
        close(descriptor)
    }

    /// Appends bytes. Full blocks are compressed in the background while the caller produces more.
    func write(_ bytes: [UInt8]) throws {
        // Once per block of a shard: cheap, and a SIGTERM never waits for a whole shard.
        try BuildCancellation.checkCurrent()
        uncompressedBytes += bytes.count
        var start = 0
        while start < bytes.count {
            let take = min(Self.blockSize - pending.count, bytes.count - start)
            pending.append(contentsOf: bytes[start..<(start + take)])
            start += take
            if pending.count == Self.blockSize {
                try submit(pending)
                pending.removeAll(keepingCapacity: true)
            }
        }
    }

    /// Compresses what is left, syncs the file, and returns the SHA-256 of its bytes.
    func finish() throws -> String {
        if !pending.isEmpty || (inFlight.isEmpty && compressedBytes == 0) {
            try submit(pending)
            pending = []
        }
        while !inFlight.isEmpty { try writeOldest() }
        guard fsync(descriptor) == 0 else { throw POSIXError.current(url.path) }
        return sha.finalize().hexString
    }

    private func submit(_ input: [UInt8]) throws {
        if inFlight.count >= Self.inFlightLimit { try writeOldest() }
        let block = CompressedBlock()
        let engine = engine.cValue, level = level
        queue.async {
            block.member = Self.member(input, engine: engine, level: level)
            block.done.signal()
        }
        inFlight.append(block)
    }

    private func writeOldest() throws {
        let block = inFlight.removeFirst()
        block.done.wait()
        guard let member = block.member else {
            throw TripletForgeError.outputFailed(path: url.path, reason: "compression failed")
        }
        try member.withUnsafeBytes { bytes in
            sha.update(bufferPointer: bytes)
            try writeAll(descriptor, bytes, path: url.path)
        }
        compressedBytes += member.count
    }

    private static func member(_ input: [UInt8], engine: tf_deflate_engine, level: Int32) -> [UInt8]? {
        let capacity = tf_gzip_bound(input.count)
        var output = [UInt8](repeating: 0, count: capacity)
        let produced = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                tf_gzip_member(engine, level, source.baseAddress, source.count, target.baseAddress, capacity)
            }
        }
        guard produced >= 0 else { return nil }
        output.removeSubrange(produced...)
        return output
    }
}

/// One block's compression, filled in by a worker; `done` is signalled when `member` is set.
private final class CompressedBlock: @unchecked Sendable {
    let done = DispatchSemaphore(value: 0)
    var member: [UInt8]?
}

/// The deflate implementation used for shards.
public enum DeflateEngine: String, Sendable, Codable, CaseIterable {
    case isal, zlib

    /// ISA-L when its library loads, else zlib.
    public static var best: DeflateEngine { tf_deflate_best_engine() == TF_DEFLATE_ISAL ? .isal : .zlib }

    var cValue: tf_deflate_engine { self == .isal ? TF_DEFLATE_ISAL : TF_DEFLATE_ZLIB }
}
