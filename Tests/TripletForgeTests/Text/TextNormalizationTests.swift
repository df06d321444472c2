import Foundation
import Testing
@testable import TripletForge

@Suite("Text normalisation")
struct TextNormalizationTests {
    @Test(arguments: [
        ("What is RAG?", "what is rag"),
        ("  what   is\trag ", "what is rag"),
        ("WHAT IS RAG?!…", "what is rag"),
        ("Ｗｈａｔ ｉｓ ＲＡＧ？", "what is rag"),          // full-width: NFKC
        ("Straße", "strasse"),                             // case folding, not just lowercasing
        ("ﬁle size?", "file size"),                        // ligature: NFKC
        ("Is C# better than C++?", "is c# better than c++"), // inner punctuation stays
    ])
    func queriesFoldToOneGroupKey(query: String, key: String) {
        #expect(TextNormalization.queryKey(query) == key)
    }

    @Test func chunkKeysCollapseWhitespaceAndKeepCase() {
        #expect(TextNormalization.chunkKey(" A\u{00A0}B\n\n C\t") == "A B C")
        #expect(TextNormalization.chunkKey("ﬁ Ｂ") == "fi B")
        #expect(TextNormalization.chunkKey("Keep Case") != TextNormalization.chunkKey("keep case"))
    }
}

@Suite("Citations")
struct CitationsTests {
    @Test(arguments: [
        ("See [1].", [0]),
        ("Both [1][3] and [2, 3].", [0, 1, 2]),
        ("No citations here.", []),
        ("[0] and [x] and [1a] and [] and [-1]", []),
        ("Nested [[2]] and unclosed [3", [1]),
    ])
    func findsOneBasedCitations(answer: String, indexes: [Int]) {
        #expect(Citations.indexes(in: answer) == indexes)
    }
}

@Suite("NFKC quick check")
struct NFKCQuickCheckTests {
    /// Every scalar the fast path admits is unchanged by Foundation's NFKC, alone and after a letter.
    @Test func everyAdmittedScalarIsAlreadyNFKC() {
        var failures: [String] = []
        for range in [0...0x9F] + NFKCQuickCheck.admittedRanges {
            for value in range {
                guard let scalar = Unicode.Scalar(value) else { continue }
                let text = "a" + String(Character(scalar))
                if text.precomposedStringWithCompatibilityMapping != text { failures.append(String(value, radix: 16)) }
            }
        }
        #expect(failures.isEmpty, "not NFKC-stable: \(failures.prefix(20))")
    }

    @Test(arguments: ["e\u{301}te\u{301}", "\u{301}start", "ﬁne ﬂow", "wait…  what", "½ cup", "a\u{A8}b",
                      "ｶﾞｷﾞ", "\u{1100}\u{1161}\u{11A8}", "\u{212B}ngstrom", "x\u{0323}\u{0307}y", "Ｆｕｌｌ ｗｉｄｔｈ", "™ and ℃",
                      "plain text", "  \u{3000}ideographic\u{00A0}space ", "A\u{030A}\u{0301}"])
    func theFastPathAgreesWithTheFullNormaliserOnTrickyText(text: String) {
        #expect(TextNormalization.chunkKey(text) == TextNormalization.collapseWhitespace(text.precomposedStringWithCompatibilityMapping))
    }

    @Test func theFastPathAgreesWithTheFullNormaliser() {
        var generator = SplitMix64(seed: 11)
        let tricky = ["e", "\u{301}", "\u{308}", "ﬁ", "…", "½", "\u{A8}", "ｶ", "\u{FF9E}", "\u{1100}", "\u{1161}", "\u{212B}", "™", " ", "a"]
        for round in 0..<6_000 {
            let text = round % 2 == 0
                ? randomString(&generator)
                : (0..<Int(generator.next() % 12)).map { _ in tricky[Int(generator.next() % UInt64(tricky.count))] }.joined()
            #expect(TextNormalization.chunkKey(text) == TextNormalization.collapseWhitespace(text.precomposedStringWithCompatibilityMapping))
        }
    }

    @Test func whitespaceIsExactlyUnicodeWhiteSpace() {
        for value in UInt32(0)...0x3000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            #expect(NFKCQuickCheck.isWhitespace(value) == scalar.properties.isWhitespace, "U+\(String(value, radix: 16))")
        }
    }
}
