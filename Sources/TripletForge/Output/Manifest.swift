import Foundation

/// `manifest.json`: what a dataset holds, how it was made, and how to tell its triplets apart.
///
/// Everything in it derives from the input and the settings — no clock time, no absolute path —
/// so the same input gives a byte-identical manifest. The threshold check reads manifests only,
/// never the database.
public struct Manifest: Codable, Sendable, Equatable {
    public static let fileName = "manifest.json"
    public static let currentFormatVersion = 1

    public var formatVersion: Int
    public var tool: Tool
    public var layout: String
    public var input: InputFingerprint
    public var settings: BuildSettings
    public var counts: Counts
    /// Votes, signals and pairs set aside on purpose (duplicates, caps, guards), by reason.
    public var skipped: ReasonCounts
    public var dropped: ReasonCounts
    /// Records quarantined as unusable, by reason (their ids are in `rejects.jsonl`).
    public var rejects: ReasonCounts
    /// Facts counted but never carried, such as records that kept an admin label.
    public var observed: ReasonCounts
    /// Personal data and secrets replaced with placeholders, by kind (over distinct texts).
    public var redactions: ReasonCounts
    public var shards: [Shard]
    /// How shards were compressed (the engine changes bytes, never content).
    public var compression: Compression
    public var contentIndex: ContentIndexEntry
    /// The provenance side file (absent in a dry run and in datasets written before it existed).
    public var provenance: ProvenanceEntry?
    /// What the evidence model learnt (absent in datasets written before it existed).
    public var evidenceModel: EvidenceModelEntry?

    public struct Compression: Codable, Sendable, Equatable {
        public var engine: DeflateEngine
        public var level: Int
        /// Uncompressed bytes per gzip member.
        public var memberBytes: Int

        enum CodingKeys: String, CodingKey { case engine, level, memberBytes = "member_bytes" }
    }

    public struct Tool: Codable, Sendable, Equatable {
        public var name: String
        public var version: String
    }

    public struct Counts: Codable, Sendable, Equatable {
        public var ratedRecords: Int
        public var unratedRecords: Int
        public var rejectedRecords: Int
        public var positiveSignals: Int
        public var negativeSignals: Int
        public var queryGroups: Int
        public var positivePairs: Int
        public var negativePairs: Int
        public var triplets: [String: Int]
        public var queryGroupsWithTriplets: [String: Int]
        /// Shard rows per split. A row holds one triplet only in the `triplet` format: an n-tuple
        /// row holds k, a grouped row a whole group (absent in manifests written before formats).
        public var rows: [String: Int]?
        /// Distinct leaf passages read (by normalised text), and how many of them were folded into
        /// a near-duplicate (absent in manifests written before near-duplicate collapse).
        public var distinctPassages: Int?
        public var nearDuplicatePassages: Int?

        enum CodingKeys: String, CodingKey {
            case ratedRecords = "rated_records", unratedRecords = "unrated_records", rejectedRecords = "rejected_records"
            case positiveSignals = "positive_signals", negativeSignals = "negative_signals", queryGroups = "query_groups"
            case positivePairs = "positive_pairs", negativePairs = "negative_pairs", triplets
            case queryGroupsWithTriplets = "query_groups_with_triplets", rows
            case distinctPassages = "distinct_passages", nearDuplicatePassages = "near_duplicate_passages"
        }

        public var totalTriplets: Int { triplets.values.reduce(0, +) }
        /// Rows in `split` (for old manifests, which wrote only triplets: its triplets).
        public func rows(in split: DatasetSplit) -> Int { rows?[split.rawValue] ?? triplets[split.rawValue] ?? 0 }
        public var totalRows: Int { DatasetSplit.allCases.reduce(0) { $0 + rows(in: $1) } }
    }

    public struct Shard: Codable, Sendable, Equatable {
        public var path: String
        public var split: DatasetSplit
        public var rows: Int
        public var bytes: Int
        public var uncompressedBytes: Int
        public var sha256: String

        enum CodingKeys: String, CodingKey { case path, split, rows, bytes, uncompressedBytes = "uncompressed_bytes", sha256 }
    }

    public struct ProvenanceEntry: Codable, Sendable, Equatable {
        public var path: String
        public var rows: Int
        public var sha256: String
    }

    public struct ContentIndexEntry: Codable, Sendable, Equatable {
        public var path: String
        public var triplets: Int
        public var sha256: String
    }

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", tool, layout, input, settings, counts, skipped, dropped, rejects, observed, redactions, shards, compression
        case contentIndex = "content_index", provenance, evidenceModel = "evidence_model"
    }

    /// Pretty, sorted-key JSON: stable bytes for stable input.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }

    public static func read(from dataset: URL) throws -> Manifest {
        let url = dataset.appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw TripletForgeError.invalidDataset(path: dataset.path, reason: "no \(fileName) (is this a dataset directory written by `tripletforge build`?)")
        }
        do {
            let manifest = try JSONDecoder().decode(Manifest.self, from: data)
            guard manifest.formatVersion <= currentFormatVersion else {
                throw TripletForgeError.invalidDataset(path: dataset.path, reason: "manifest format \(manifest.formatVersion) is newer than this tool understands (\(currentFormatVersion)); upgrade tripletforge")
            }
            return manifest
        } catch let error as TripletForgeError {
            throw error
        } catch {
            throw TripletForgeError.invalidDataset(path: dataset.path, reason: "\(fileName) is unreadable: \(error)")
        }
    }
}
