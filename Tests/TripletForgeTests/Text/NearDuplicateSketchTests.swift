import Foundation
import Testing
@testable import TripletForge

@Suite("Near-duplicate sketch")
struct NearDuplicateSketchTests {
    static let body = """
        To reset your password, open Settings, choose Security and press Reset password. We send a link \
        to the address on your account; it stays valid for thirty minutes. If the mail does not arrive, \
        check the spam folder, then ask an administrator to confirm the address on file. Accounts that use \
        single sign-on change their password with the identity provider instead, not here.
        """

    func sketch(_ text: String) -> NearDuplicateSketch {
        NearDuplicateSketch(normalized: TextNormalization.chunkKey(text))!
    }

    @Test func aPassageWithAChangedFooterIsStillVerySimilar() {
        let old = sketch(Self.body + "\nLast reviewed March 2024.")
        let new = sketch(Self.body + "\nLast reviewed May 2025. © Acme Corp")
        #expect(old.similarity(to: new) >= 0.8)
    }

    @Test func aBreadcrumbHeaderDoesNotMakeAnotherPassage() {
        #expect(sketch("Help Center › Account › Security\n" + Self.body).similarity(to: sketch(Self.body)) >= 0.8)
    }

    @Test func caseAndPunctuationAloneDoNotMoveTheSketch() {
        let shouted = Self.body.uppercased().replacingOccurrences(of: ",", with: " ;")
        #expect(sketch(shouted) == sketch(Self.body))
        #expect(sketch("Größe der Datei — Überblick «neu»") == sketch("Größe der Datei: Überblick, neu"))
        #expect(sketch("Größe der Datei") != sketch("Grösse der Datei"))
    }

    @Test func differentPassagesAreFarApart() {
        let other = """
            Invoices are issued on the first working day of each month and can be downloaded as PDF from \
            the Billing page. Payment is due within fourteen days; late payments pause the workspace after \
            a reminder. Contact finance to change the billing address or the VAT number shown on invoices.
            """
        #expect(sketch(other).similarity(to: sketch(Self.body)) < 0.2)
    }

    @Test func shortTextsStillGetASketchAndATextWithoutWordsDoesNot() {
        #expect(NearDuplicateSketch(normalized: "Refunds") != nil)
        #expect(NearDuplicateSketch(normalized: "Refunds") == NearDuplicateSketch(normalized: "refunds!"))
        #expect(NearDuplicateSketch(normalized: "Refunds take") != NearDuplicateSketch(normalized: "take Refunds"))
        #expect(NearDuplicateSketch(normalized: "— … !!") == nil)
        #expect(NearDuplicateSketch(normalized: "") == nil)
    }

    /// Sketches decide which passages are one, which decides dataset bytes: they must not drift
    /// between runs, machines or releases without anyone noticing.
    @Test func theSketchOfAFixedTextIsPinned() {
        let values = sketch("The quick brown fox jumps over the lazy dog").values
        var hasher = ContentHasher()
        for value in values { hasher.combine(byte: UInt8(value & 0xFF)); hasher.combine(byte: UInt8(value >> 8)) }
        #expect(hasher.finalize().hexDigits == Self.pinnedDigest)
    }

    static let pinnedDigest = "440f9aa82dc295fe"
}
