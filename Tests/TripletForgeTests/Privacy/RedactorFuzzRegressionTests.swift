import Foundation
import Testing
@testable import TripletForge

/// Inputs the redactor fuzz target found (`scripts/fuzz.sh`), kept as real files in its seed
/// corpus, `Fixtures/fuzz/redactor/regression-*`.
@Suite("Redactor fuzz regressions")
struct RedactorFuzzRegressionTests {
    static let corpus = packageRoot.appendingPathComponent("Fixtures/fuzz/redactor")

    /// A token right after a replaced one, where the replaced text ended in a word byte: the first
    /// pass left `::1` alone, the second pass (seeing `]` before it) redacted it.
    @Test func aTokenRightAfterAPlaceholderIsFoundInTheFirstPass() throws {
        let text = try String(contentsOf: Self.corpus.appendingPathComponent("regression-after-placeholder.txt"), encoding: .utf8)
        var counts = ReasonCounts()
        let once = Redactor().redact(text, counts: &counts)
        #expect(once == "tel [SECRET][IP]%eth0 ok\n")
        var again = ReasonCounts()
        #expect(Redactor().redact(once, counts: &again) == once)
        #expect(again.total == 0)
    }

    /// A phone number inside a run of numbers too long to be one: the first pass replaced it, which
    /// shortened the run into a phone number for the second pass. The run is now kept whole.
    @Test func aRunTooLongForAPhoneNumberIsKeptWholeInBothPasses() throws {
        let text = try String(contentsOf: Self.corpus.appendingPathComponent("regression-long-run.txt"), encoding: .utf8)
        var counts = ReasonCounts()
        let once = Redactor().redact(text, counts: &counts)
        #expect(once == text && counts.total == 0)
        var again = ReasonCounts()
        #expect(Redactor().redact(once, counts: &again) == once)
        // The same phone number on its own is still replaced.
        #expect(Redactor().redact("call 1111 111123-4567 now", counts: &again) == "call [PHONE] now")
    }

    @Test func everySeedRedactsIdempotentlyWithOnePlaceholderPerCount() throws {
        let seeds = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path)
        #expect(!seeds.isEmpty)
        let placeholders = Redactor.Kind.allCases.map { "[\($0.rawValue.uppercased())]" }
        // Counted in UTF-8 bytes: a combining mark after `]` would hide a placeholder from a
        // character-wise search.
        func occurrences(_ text: String) -> Int {
            let bytes = Array(text.utf8)
            return placeholders.reduce(0) { total, placeholder in
                let needle = Array(placeholder.utf8)
                guard bytes.count >= needle.count else { return total }
                return total + (0...(bytes.count - needle.count)).filter { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }.count
            }
        }
        for seed in seeds {
            let text = String(decoding: try Data(contentsOf: Self.corpus.appendingPathComponent(seed)), as: UTF8.self)
            var counts = ReasonCounts(), again = ReasonCounts()
            let once = Redactor().redact(text, counts: &counts)
            #expect(Redactor().redact(once, counts: &again) == once, "\(seed)")
            #expect(occurrences(once) == occurrences(text) + counts.total, "\(seed)")
        }
    }
}

extension RedactorFuzzRegressionTests {
    /// An e-mail address glued to an IPv6 prefix (found by the redactor target, twice): one pass
    /// replaced the address and left `2001:db8::`, which a second pass took for an IPv6 address.
    /// The redactor now repeats its passes until nothing changes.
    @Test(arguments: ["regression-ipv6-prefix-then-email.txt", "regression-ipv6-prefix-then-email-found.txt"])
    func anEmailGluedToAnIPv6PrefixIsRedactedInOneCall(file: String) throws {
        // The fuzzer's own file is not all UTF-8: read as the target reads it.
        let text = String(decoding: try Data(contentsOf: Self.corpus.appendingPathComponent(file)), as: UTF8.self)
        var counts = ReasonCounts()
        let once = Redactor().redact(text, counts: &counts)
        var again = ReasonCounts()
        #expect(Redactor().redact(once, counts: &again) == once)
        #expect(again.total == 0)
        #expect(once.contains("[IP][EMAIL]"))
    }
}
