import Foundation
import Testing
@testable import TripletForge

@Suite("Near-duplicate clusters")
struct NearDuplicatesTests {
    let body = NearDuplicateSketchTests.body

    func record(_ texts: [String], threshold: Double = 0.8) -> (keys: [PassageKey], aliases: HashedKeyTable<PassageKey, PassageKey>, merged: Int) {
        let finder = NearDuplicates(threshold: threshold)
        var keys: [PassageKey] = []
        for text in texts {
            let normalized = TextNormalization.chunkKey(text)
            keys.append(PassageKey(rawValue: ContentHasher.hash(normalized.utf8)))
            finder.record(keys.last!, normalized: normalized)
        }
        let (aliases, merged) = finder.aliases()
        return (keys, aliases, merged)
    }

    @Test func versionsOfAPassageAreKnownByTheEarliestSeen() {
        let (keys, aliases, merged) = record([
            "Unrelated passage about invoices and the billing page, paid within fourteen days of issue.",
            body + "\nLast reviewed March 2024.",
            body + "\nLast reviewed May 2025.",
            "Help Center › Account\n" + body,
        ])
        #expect(merged == 2)
        #expect(aliases[keys[0]] == nil)
        #expect(aliases[keys[1]] == nil)  // the earliest version names the cluster
        #expect(aliases[keys[2]] == keys[1])
        #expect(aliases[keys[3]] == keys[1])
    }

    @Test func distinctPassagesStayDistinct() {
        let sentences = body.split(separator: ".").map(String.init)
        let (_, _, merged) = record(sentences)
        #expect(merged == 0)
    }

    @Test func aStricterThresholdKeepsALargerEditApart() {
        let edited = body.replacingOccurrences(of: "thirty minutes", with: "one hour")
            .replacingOccurrences(of: "spam folder", with: "junk mail folder")
        #expect(record([body, edited], threshold: 0.6).merged == 1)
        #expect(record([body, edited], threshold: 1.0).merged == 0)
    }
}
