import Foundation
import Testing
@testable import TripletForge

@Suite("Chunk JSON parser")
struct ChunkJSONParserTests {
    @Test func readsTheTrainingFieldsAndSkipsTheRest() throws {
        let json = #"""
        [{"text":"plain","doc_id":"d1","section":{"nested":[1,2,{"x":null}]},"chunk_index":3,"rerank_score":0.75,
          "contextualised_text":"Title\nplain","chunk_type":"leaf","extra":[true,false,-1.5e3]},
         {"text":"sum","chunk_type":"raptor_summary","rerank_score":null,"contextualised_text":null},
         {"text":"q","chunk_type":"question_proxy"}, {"text":"odd","chunk_type":"mystery"}]
        """#
        let chunks = try ChunkJSONParser.parse(json)
        #expect(chunks.count == 4)
        #expect(chunks[0] == RetrievedChunk(text: "plain", contextualisedText: "Title\nplain", kind: .leaf, score: 0.75))
        #expect(chunks[1].kind == .raptorSummary && chunks[1].score == nil && chunks[1].contextualisedText == nil)
        #expect(chunks[2].kind == .questionProxy)
        #expect(chunks[3].kind == .unknown)
    }

    @Test func aChunkWithoutTypeIsALeaf() throws {
        #expect(try ChunkJSONParser.parse(#"[{"text":"t"}]"#)[0].kind == .leaf)
        #expect(try ChunkJSONParser.parse(" [ ] ").isEmpty)
    }

    @Test func decodesEveryEscapeIncludingSurrogatePairsAndEscapedNUL() throws {
        let chunks = try ChunkJSONParser.parse(#"[{"text":"q\"b\\s\/n\nr\rt\tb\bf\f\u00e9\ud83d\ude80\u0000end"}]"#)
        #expect(chunks[0].text == "q\"b\\s/n\nr\rt\tb\u{8}f\u{C}é🚀\u{0}end")
    }

    @Test(arguments: [
        (#"{"text":"x"}"#, "must be a JSON array"),
        (#"[{"text":"x"}"#, "expected ',' or ']'"),
        (#"[{"text":"x"}] trailing"#, "unexpected bytes"),
        (#"[{"text":"\ud800"}]"#, "lone high surrogate"),
        (#"[{"text":"\udc00"}]"#, "lone low surrogate"),
        (#"[{"text":"\ud800\u0041"}]"#, "not followed by a low surrogate"),
        ("[{\"text\":\"raw\ncontrol\"}]", "raw control character"),
        (#"[{"text":"bad \x escape"}]"#, "invalid escape"),
        (#"[{"text":"x","rerank_score":1e999}]"#, "out of range"),
        (#"[{"text":"x","n":01}]"#, "expected ',' or '}'"),
        (#"[{"doc_id":"x"}]"#, "has no \"text\""),
        (#"[{"text":"x"},]"#, "not a JSON object"),
        (#"[{"text":tru}]"#, "expected a string"),
    ])
    func rejectsWhatIsNotStrictJSON(json: String, reason: String) {
        #expect {
            _ = try ChunkJSONParser.parse(json)
        } throws: { error in
            "\(error)".contains(reason)
        }
    }

    @Test(arguments: [
        (#"[{"text":"a","text":"b"}]"#, #"chunk 1 has "text" twice"#),
        (#"[{"text":"a"},{"text":"b","rerank_score":0.1,"rerank_score":0.5}]"#, #"chunk 2 has "rerank_score" twice"#),
        (#"[{"text":"a","contextualised_text":"x","contextualized_text":"y"}]"#, #"chunk 1 has "contextualised_text" twice"#),
        (#"[{"text":"a","chunk_type":"leaf","chunk_type":"leaf"}]"#, #"chunk 1 has "chunk_type" twice"#),
    ])
    func aFieldGivenTwiceIsRefusedNotResolved(json: String, reason: String) {
        // Foundation and Python keep the last value, other parsers the first: no choice is safe.
        #expect(throws: ChunkJSONError.self) { try ChunkJSONParser.parse(json) }
        do { _ = try ChunkJSONParser.parse(json) } catch {  // typed throws: `error` is a ChunkJSONError
            #expect(error.kind == .duplicateKey && error.kind.reason == .malformedChunksJSON)
            #expect(error.reason == reason)
        }
    }

    @Test func aRepeatedFieldWhoseFirstValueIsWrongIsRefusedAtThatValue() {
        // Foundation reads 0.5 here (the last value); the row is refused either way.
        #expect(throws: ChunkJSONError.self) { try ChunkJSONParser.parse(#"[{"text":"b","rerank_score":"plans-53","rerank_score":0.5}]"#) }
    }

    @Test func aFieldTheParserSkipsMayRepeat() throws {
        #expect(try ChunkJSONParser.parse(#"[{"doc_id":1,"doc_id":2,"text":"t"}]"#)[0].text == "t")
    }

    @Test func rejectsInvalidUTF8() {
        let bytes: [UInt8] = Array(#"[{"text":""#.utf8) + [0xC3, 0x28] + Array(#""}]"#.utf8)
        #expect(throws: ChunkJSONError.self) { _ = try bytes.withUnsafeBufferPointer { try ChunkJSONParser.parse($0) } }
    }

    @Test func stopsAtHostileNestingAndChunkCounts() {
        let deep = #"[{"text":"x","n":"# + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "}]"
        #expect { _ = try ChunkJSONParser.parse(deep) } throws: { ($0 as? ChunkJSONError)?.kind == .tooDeep }
        let many = "[" + Array(repeating: #"{"text":"x"}"#, count: 11).joined(separator: ",") + "]"
        #expect { _ = try ChunkJSONParser.parse(many, maxChunks: 10) } throws: { ($0 as? ChunkJSONError)?.kind == .tooManyChunks }
    }

    /// Random strings survive encoder → parser unchanged, and Foundation agrees on the bytes.
    @Test func roundTripsRandomStringsThroughTheEncoder() throws {
        var generator = SplitMix64(seed: 42)
        for _ in 0..<2_000 {
            let text = randomString(&generator)
            var encoder = JSONLineEncoder()
            encoder.object([("text", .string(text)), ("contextualised_text", .string(text + "!"))])
            let line = Array(encoder.bytes.dropLast())
            let json = "[" + String(decoding: line, as: UTF8.self) + "]"
            let parsed = try ChunkJSONParser.parse(json)
            #expect(parsed.first?.text == text)
            // Foundation on Linux drops U+FEFF inside strings (a reason this parser exists);
            // everywhere else it must agree.
            if !text.unicodeScalars.contains("\u{FEFF}") {
                let foundation = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: String]]
                #expect(foundation?.first?["text"] == text)
            }
        }
    }

    /// Random bytes and mutated JSON: never a crash, and whenever Foundation reads an array of
    /// objects with string `text`, the parser reads the same texts (or rejects what Foundation
    /// tolerates beyond RFC 8259).
    @Test func neverCrashesOnRandomOrMutatedInput() {
        var generator = SplitMix64(seed: 7)
        let seedJSON = Array(#"[{"text":"a\u00e9\"b","chunk_type":"leaf","rerank_score":-1.25e-2,"x":[{"y":null}]},{"text":"c"}]"#.utf8)
        for round in 0..<5_000 {
            var bytes = seedJSON
            if round % 2 == 0 {
                for _ in 0..<(1 + Int(generator.next() % 4)) {
                    let index = Int(generator.next() % UInt64(bytes.count))
                    bytes[index] = UInt8(truncatingIfNeeded: generator.next())
                }
            } else {
                bytes = (0..<Int(generator.next() % 64)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            }
            let ours = try? bytes.withUnsafeBufferPointer { try ChunkJSONParser.parse($0) }
            if let ours,
               let theirs = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [[String: Any]] {
                #expect(ours.map(\.text) == theirs.compactMap { $0["text"] as? String })
            }
        }
    }
}

/// A tiny seeded generator (SplitMix64): the same random cases on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Strings heavy in what breaks JSON: quotes, backslashes, controls, NUL, non-BMP, U+2028.
func randomString(_ generator: inout SplitMix64) -> String {
    let palette: [Unicode.Scalar] = ["\"", "\\", "/", "\n", "\r", "\t", "\u{0}", "\u{1}", "\u{1F}", "\u{7F}", "a", "Z", " ",
                                     "é", "ß", "\u{2028}", "\u{FEFF}", "東", "🚀", "\u{10FFFF}", "\u{FFFD}"]
    var scalars = String.UnicodeScalarView()
    for _ in 0..<Int(generator.next() % 40) {
        if generator.next() % 4 == 0, let random = Unicode.Scalar(UInt32(generator.next() % 0x11_0000)) {
            scalars.append(random)
        } else {
            scalars.append(palette[Int(generator.next() % UInt64(palette.count))])
        }
    }
    return String(scalars)
}
