import Testing
@testable import TripletForge

@Suite("A build's redaction")
struct RedactionTests {
    let text = "write to ada@example.org with key sk-live0123456789abcdefghij"

    @Test func queriesAreRedactedInFullAndPassagesOnlyAsTheScopeAllows() {
        let redaction = Redaction(PrivacySettings().redactor)
        #expect(redaction.query(text) == "write to [EMAIL] with key [SECRET]")
        #expect(redaction.passage(text) == "write to ada@example.org with key [SECRET]")
        #expect(redaction.counts["email"] == 1)
        #expect(redaction.counts["secret"] == 2, "queries and passages are counted in one tally")
    }

    @Test func aSecondFormOfAPassageIsNotCountedAgain() {
        let redaction = Redaction(PrivacySettings().redactor)
        _ = redaction.passage(text)
        #expect(redaction.passage(text, counting: false) == "write to ada@example.org with key [SECRET]")
        #expect(redaction.counts.total == 1)
    }

    @Test func withRedactionOffTextsPassThroughUnchanged() {
        var settings = PrivacySettings()
        settings.redact = false
        let redaction = Redaction(settings.redactor)
        #expect(redaction.query(text) == text && redaction.passage(text) == text)
        #expect(redaction.counts.total == 0)
    }

    @Test func passageScopeNoneLeavesPassagesAsLogged() {
        var settings = PrivacySettings()
        settings.passages = .none
        let redaction = Redaction(settings.redactor)
        #expect(redaction.passage(text) == text)
        #expect(redaction.query(text) != text)
    }
}
