import Crypto
import Foundation

/// Writes rows as gzipped JSON Lines shards, `data/{split}-{i:05}-of-{n:05}.jsonl.gz`.
///
/// Each line holds exactly the columns of the settings' ``ShardFormat`` in order (by default
/// `{"query":…,"positive":…,"negative":…}`): sentence-transformers reads columns by position and
/// `datasets` by name, so a line holds those keys in that order and nothing else. The query is the
/// group's first-typed form; chunk texts are their training form.
struct ShardWriter {
    let evidence: Evidence
    let settings: OutputSettings
    /// Called after every ``BuildProgress/interval`` rows written, if set.
    var progress: BuildProgress.Handler? = nil

    /// The shards a write would produce, without writing (a dry run).
    func plan(_ bySplit: [DatasetSplit: [FormatRow]]) -> [Manifest.Shard] {
        var shards: [Manifest.Shard] = []
        for split in DatasetSplit.allCases {
            let rows = bySplit[split]?.count ?? 0
            let total = (rows + settings.rowsPerShard - 1) / settings.rowsPerShard
            for index in 0..<total {
                let count = min(settings.rowsPerShard, rows - index * settings.rowsPerShard)
                shards.append(.init(path: Self.path(split, index, total), split: split, rows: count, bytes: 0, uncompressedBytes: 0, sha256: ""))
            }
        }
        return shards
    }

    func write(_ bySplit: [DatasetSplit: [FormatRow]], into directory: URL) throws -> [Manifest.Shard] {
        let shape = settings.format.shape(negatives: settings.negativesPerRow)
        let total = bySplit.values.reduce(0) { $0 + $1.count }
        var done = 0
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("data"), withIntermediateDirectories: true)
        var written: [Manifest.Shard] = []
        var texts = TextCache(evidence: evidence)
        var consumed: [DatasetSplit: Int] = [:]
        for planned in plan(bySplit) {
            let start = consumed[planned.split, default: 0]
            consumed[planned.split] = start + planned.rows
            let rows = bySplit[planned.split]![start..<(start + planned.rows)]
            let gzip = try GzipMemberWriter(url: directory.appendingPathComponent(planned.path), level: settings.compressionLevel)
            var line = JSONLineEncoder(reservingCapacity: GzipMemberWriter.blockSize + (1 << 16))
            for row in rows {
                line.object(try shape.fields(of: row, query: evidence.groups[row.group]!.query, text: { try texts.text($0) }))
                done += 1
                if let progress, done % BuildProgress.interval == 0 { progress(.init(phase: .writing, done: done, total: total)) }
                if line.bytes.count >= GzipMemberWriter.blockSize {
                    try gzip.write(line.bytes)
                    line.removeAll()
                }
            }
            try gzip.write(line.bytes)
            var shard = planned
            shard.sha256 = try gzip.finish()
            shard.bytes = gzip.compressedBytes
            shard.uncompressedBytes = gzip.uncompressedBytes
            written.append(shard)
        }
        progress?(.init(phase: .writing, done: done, total: total))
        return written
    }

    static func path(_ split: DatasetSplit, _ index: Int, _ total: Int) -> String {
        "data/\(split.rawValue)-\(fiveDigits(index))-of-\(fiveDigits(total)).jsonl.gz"
    }

    private static func fiveDigits(_ value: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }
}

/// Chunk texts read back from the store, kept in memory up to a byte budget.
struct TextCache {
    /// Texts kept in memory at most; a knowledge base's passages repeat across groups, so most
    /// reads are hits, and the budget bounds memory on any input.
    static let byteBudget = 48 << 20
    let evidence: Evidence
    private var recent = HashedKeyTable<PassageKey, String>(capacity: 1 << 14)
    private var bytes = 0

    init(evidence: Evidence) { self.evidence = evidence }

    mutating func text(_ key: PassageKey) throws -> String {
        if let hit = recent[key] { return hit }
        let text = try evidence.trainingText(ofChunk: key)
        if bytes + text.utf8.count > Self.byteBudget {
            recent = HashedKeyTable(capacity: 1 << 14)
            bytes = 0
        }
        recent.set(key, text)
        bytes += text.utf8.count
        return text
    }
}
