import Foundation
import Testing
@testable import TripletForge

/// Queries are always redacted; passages, the operator's own corpus, lose only their secrets by
/// default (`[privacy] passages = "secrets"`), everything with `"all"`, nothing with `"none"`.
@Suite("Passage redaction scope")
struct PassageRedactionTests {
    static let networking = "Set the gateway to 192.168.0.1 and write to netops@example.com or call +1 415 555 0100."
    static let secret = "Authenticate with the key sk-live-Ab3dEf6hIj9kLm2nOp5qRs8t or pay with 4111 1111 1111 1111."

    /// A query with personal data; a thumbs-up citing the networking page, a thumbs-down surfacing the secret one.
    func database() throws -> TestDatabase {
        let db = try TestDatabase()
        let query = "Why can't ada@example.org reach 10.0.0.1?"
        try db.interaction(1, query: query, answer: "See [1].", chunks: chunks(leaf(Self.networking)), feedback: 1, session: "a")
        try db.interaction(2, query: query, chunks: chunks(leaf(Self.secret)), feedback: -1, session: "b")
        return db
    }

    func rows(_ passages: PassageRedaction?) throws -> (rows: [[String: String]], manifest: Manifest) {
        var settings = BuildSettings()
        if let passages { settings.privacy.passages = passages }
        let db = try database()
        let (dataset, report) = try build(db, settings: settings, into: try TemporaryDirectory())
        return try withExtendedLifetime(db) { (try allRows(in: dataset), report.manifest) }
    }

    @Test func byDefaultAPassageKeepsItsIPAndContactsButLosesItsSecrets() throws {
        let (rows, manifest) = try rows(nil)
        #expect(rows == [["query": "Why can't [EMAIL] reach [IP]?", "positive": Self.networking,
                          "negative": "Authenticate with the key [SECRET] or pay with [CARD]."]])
        #expect(manifest.redactions.counts == ["email": 1, "ip": 1, "secret": 1, "card": 1])
        #expect(manifest.settings.privacy.passages == .secrets)
    }

    @Test func allRedactsPassagesLikeQueries() throws {
        let (rows, manifest) = try rows(.all)
        #expect(rows.map { $0["positive"] } == ["Set the gateway to [IP] and write to [EMAIL] or call [PHONE]."])
        #expect(rows.map { $0["query"] } == ["Why can't [EMAIL] reach [IP]?"])
        #expect(manifest.redactions.counts == ["email": 2, "ip": 2, "phone": 1, "secret": 1, "card": 1])
    }

    @Test func noneKeepsPassagesExactlyAndStillRedactsQueries() throws {
        let (rows, _) = try rows(PassageRedaction.none)
        #expect(rows == [["query": "Why can't [EMAIL] reach [IP]?", "positive": Self.networking, "negative": Self.secret]])
    }

    @Test func theConfigFileChoosesTheScopeAndRejectsAnUnknownOne() throws {
        #expect(try Configuration.parse("[privacy]\npassages = \"all\"\n").build.privacy.passages == .all)
        #expect(try Configuration.parse("[privacy]\nredact = true\n").build.privacy.passages == .secrets)
        #expect(throws: TripletForgeError.self) { try Configuration.parse("[privacy]\npassages = \"some\"\n") }
        #expect(Configuration.template().contains("passages = \"secrets\""))
    }

    /// The same passage logged by two indexers, one with a line break inside the phone number.
    static let oneLine = "Support: call +1 415 555 0100 any day."
    static let twoLines = "Support: call +1  \n415 555 0100 any day."

    @Test func twoWhitespaceFormsOfOnePassageRedactIdentically() {
        var counts = ReasonCounts()
        let redactor = Redactor(passages: .all).forPassages!
        let (a, b) = (redactor.redact(Self.oneLine, counts: &counts), redactor.redact(Self.twoLines, counts: &counts))
        #expect(a == "Support: call [PHONE] any day.")
        #expect(TextNormalization.chunkKey(a) == TextNormalization.chunkKey(b))
        #expect(counts.counts == ["phone": 2])
    }

    @Test func twoWhitespaceFormsOfOnePassageAreOnePassageInABuild() throws {
        let db = try TestDatabase()
        try db.interaction(1, query: "How do I reach support?", answer: "[1]", chunks: chunks(leaf("Open a ticket from the Help menu.")), feedback: 1, session: "a")
        try db.interaction(2, query: "How do I reach support?", chunks: chunks(leaf(Self.oneLine)), feedback: -1, session: "b")
        try db.interaction(3, query: "how do i reach support", chunks: chunks(leaf(Self.twoLines)), feedback: -1, session: "c")
        var settings = BuildSettings()
        settings.privacy.passages = .all
        let (dataset, report) = try build(db, settings: settings, into: try TemporaryDirectory())
        #expect(report.manifest.counts.distinctPassages == 2)
        #expect(try allRows(in: dataset).map { $0["negative"] } == ["Support: call [PHONE] any day."])
    }
}
