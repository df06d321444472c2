import Foundation
@testable import TripletForge

/// A generated database read back next to its ground truth, so generator tests can check that a
/// knob put into the data what it says (and nothing else), without trusting the generator's code.
struct GeneratedWorld {
    /// Relevant chunk keys per query key, from the `--truth-out` file.
    let relevant: [String: Set<String>]

    /// One rated answer as logged: its query, its chunks in rank order (leaves only matter here),
    /// which ranks it cited, and its rating(s).
    struct Answer {
        var query: String
        var chunks: [(key: String, isLeaf: Bool, score: Double?)]
        var cited: Set<Int>
        var positive: Bool
    }

    init(truth: URL) throws {
        var relevant: [String: Set<String>] = [:]
        for line in try String(contentsOf: truth, encoding: .utf8).split(separator: "\n") {
            let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            let texts = (record["relevant"] as! [[String: Any]]).map { TextNormalization.chunkKey($0["text"] as! String) }
            relevant[TextNormalization.queryKey(record["query"] as! String), default: []].formUnion(texts)
        }
        self.relevant = relevant
    }

    func isRelevant(_ chunkKey: String, to query: String) -> Bool {
        relevant[TextNormalization.queryKey(query)]?.contains(chunkKey) ?? false
    }

    /// The rated rows of an interactions database (broken rows skipped).
    static func interactions(in database: URL) throws -> [Answer] {
        let db = try SQLiteDatabase(readingAt: database.path)
        let rows = try db.prepare("SELECT query, answer, chunks, feedback FROM interactions WHERE feedback IN (1, -1) ORDER BY id")
        var answers: [Answer] = []
        while try rows.step() {
            guard let json = rows.text(2), let items = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [[String: Any]] else { continue }
            let chunks = items.map { item in
                (key: TextNormalization.chunkKey(item["text"] as? String ?? ""), isLeaf: item["chunk_type"] as? String == "leaf",
                 score: item["rerank_score"] as? Double)
            }
            let answer = rows.text(1) ?? ""
            let cited = Set(answer.matches(of: /\[(\d+)\]/).map { Int($0.1)! - 1 })
            answers.append(Answer(query: rows.text(0) ?? "", chunks: chunks, cited: cited, positive: rows.int(3) == 1))
        }
        return answers
    }

    /// A stable fingerprint (FNV-1a, 64 bits) of every column of every row of `table`, in key
    /// order: the file's bytes also depend on the SQLite version, the rows only on the generator.
    static func fingerprint(of database: URL, table: String, orderBy: String) throws -> UInt64 {
        let db = try SQLiteDatabase(readingAt: database.path)
        let count = try db.columns(of: table).count
        let rows = try db.prepare("SELECT * FROM \(table) ORDER BY \(orderBy)")
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ byte: UInt8) { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        while try rows.step() {
            for column in 0..<Int32(count) {
                if rows.isNull(column) { mix(0xFF) } else { rows.bytes(column).map { $0.forEach(mix) } }
                mix(0x1F)
            }
            mix(0x1E)
        }
        return hash
    }
}
