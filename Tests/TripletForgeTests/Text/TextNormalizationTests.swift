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
