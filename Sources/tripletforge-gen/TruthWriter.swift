import Foundation

/// Writes the ground truth behind a generated database: for every phrasing of every topic, which
/// chunks are truly relevant and which are near misses.
///
/// One JSON object per line: `{"topic":…,"query":…,"relevant":[{"doc_id","chunk_index","text"}…],
/// "near_misses":[{"doc_id","chunk_index"}…]}`. `query` is the phrasing as generated (group it with
/// your own normaliser); `text` is the chunk's raw text (its identity), so an evaluator can score a
/// mined dataset — precision of positives, rate of false negatives — without trusting any id.
enum TruthWriter {
    static func write(topics: [Topic], corpus: Corpus, to path: String) throws {
        var out: [UInt8] = []
        for (index, topic) in topics.enumerated() {
            for phrasing in topic.phrasings {
                out.append(ascii: #"{"topic":\#(index),"query":"#)
                JSONText.appendString(phrasing, style: .utf8, to: &out)
                out.append(ascii: #","relevant":["#)
                for (n, chunk) in topic.relevant.enumerated() {
                    let c = corpus.chunks[chunk]
                    out.append(ascii: (n > 0 ? "," : "") + #"{"doc_id":"\#(c.docID)","chunk_index":\#(c.chunkIndex),"text":"#)
                    JSONText.appendString(c.text, style: .utf8, to: &out)
                    out.append(ascii: "}")
                }
                out.append(ascii: #"],"near_misses":["#)
                out.append(ascii: topic.nearMisses.map { #"{"doc_id":"\#(corpus.chunks[$0].docID)","chunk_index":\#(corpus.chunks[$0].chunkIndex)}"# }.joined(separator: ","))
                out.append(ascii: "]}\n")
            }
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(out)) else {
            throw GeneratorError("cannot write \(path)")
        }
    }
}
