import Crypto
import Foundation

/// The content ids of a dataset's triplets, with the query group of each: how `check` tells which
/// triplets are new since the last training.
///
/// Ids are hashes of normalised texts (see ``TripletKey/id``), so a rebuild, a re-rated row or a
/// re-indexed chunk does not make old data look new. Stored as `content-index.bin`: an 8-byte
/// magic, then (triplet id, group key) pairs of little-endian UInt64, sorted by triplet id.
public struct ContentIndex: Sendable, Equatable {
    public static let fileName = "content-index.bin"
    static let magic = Array("TFIDX001".utf8)

    /// Triplet id → query group key.
    public private(set) var groupOfTriplet: [UInt64: QueryGroupKey]

    public init(triplets: [TripletKey]) {
        groupOfTriplet = Dictionary(triplets.map { ($0.id, $0.group) }, uniquingKeysWith: { first, _ in first })
    }

    init(groupOfTriplet: [UInt64: QueryGroupKey]) { self.groupOfTriplet = groupOfTriplet }

    public var count: Int { groupOfTriplet.count }

    public func encoded() -> [UInt8] {
        var bytes = Self.magic
        bytes.reserveCapacity(8 + groupOfTriplet.count * 16)
        for id in groupOfTriplet.keys.sorted() {
            withUnsafeBytes(of: id.littleEndian) { bytes.append(contentsOf: $0) }
            withUnsafeBytes(of: groupOfTriplet[id]!.rawValue.littleEndian) { bytes.append(contentsOf: $0) }
        }
        return bytes
    }

    /// Reads a dataset's index and checks it against the manifest's checksum.
    public static func read(from dataset: URL, manifest: Manifest) throws -> ContentIndex {
        let url = dataset.appendingPathComponent(manifest.contentIndex.path)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw TripletForgeError.invalidDataset(path: dataset.path, reason: "missing \(manifest.contentIndex.path)")
        }
        let digest = sha256Hex(data)
        guard digest == manifest.contentIndex.sha256 else {
            throw TripletForgeError.invalidDataset(path: dataset.path, reason: "\(manifest.contentIndex.path) does not match the SHA-256 in the manifest")
        }
        let bytes = [UInt8](data)
        guard bytes.count >= 8, Array(bytes[0..<8]) == magic, (bytes.count - 8) % 16 == 0 else {
            throw TripletForgeError.invalidDataset(path: dataset.path, reason: "\(manifest.contentIndex.path) is not a content index")
        }
        var map: [UInt64: QueryGroupKey] = [:]
        map.reserveCapacity((bytes.count - 8) / 16)
        bytes.withUnsafeBytes { raw in
            var offset = 8
            while offset < raw.count {
                let id = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                let group = QueryGroupKey(rawValue: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)))
                map[id] = group
                offset += 16
            }
        }
        return ContentIndex(groupOfTriplet: map)
    }
}
