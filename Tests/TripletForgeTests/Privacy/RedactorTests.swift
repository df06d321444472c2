import Testing
@testable import TripletForge

@Suite("PII redaction")
struct RedactorTests {
    func redacted(_ text: String) -> (String, [String: Int]) {
        var counts = ReasonCounts()
        let result = Redactor().redact(text, counts: &counts)
        return (result, counts.counts)
    }

    @Test(arguments: [
        ("write to ada.lovelace+rag@example.co.uk today", "write to [EMAIL] today", "email"),
        ("(bob@mail.example.org)", "([EMAIL])", "email"),
        ("call +44 20 7946 0958 now", "call [PHONE] now", "phone"),
        ("call (555) 123-4567.", "call [PHONE].", "phone"),
        ("555.123.4567", "[PHONE]", "phone"),
        ("card 4111 1111 1111 1111 expires", "card [CARD] expires", "card"),
        ("card 4111-1111-1111-1111", "card [CARD]", "card"),
        ("4012888888881881", "[CARD]", "card"),
        ("from 192.168.10.254, ok", "from [IP], ok", "ip"),
        ("v6 2001:db8::8a2e:370:7334 end", "v6 [IP] end", "ip"),
        ("fe80:0000:0000:0000:0202:b3ff:fe1e:8329", "[IP]", "ip"),
        ("key sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8t done", "key [SECRET] done", "secret"),
        ("AKIAIOSFODNN7EXAMPLE", "[SECRET]", "secret"),
        ("token ghp_16C7e42F292c6912E7710c838347Ae178B4a here", "token [SECRET] here", "secret"),
        ("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig", "Authorization: [SECRET]", "secret"),
    ])
    func replacesWithATypedPlaceholder(text: String, expected: String, kind: String) {
        let (result, counts) = redacted(text)
        #expect(result == expected)
        #expect(counts == [kind: 1])
    }

    @Test(arguments: [
        "released on 2026-01-05 at 12:30:45",
        "version 1.2.3 and 10.0.0.1.5",
        "order id 1234567890 and year 2026",
        "4111 1111 1111 1112 is not a valid card",
        "use sk-learn for scikit",
        "an AKIA prefix alone",
        "ratio 3:2 and C++",
        "user@localhost is not an address",
        "room 101-202",
        "naïve café 東京 🚀",
    ])
    func leavesOrdinaryTextAlone(text: String) {
        let (result, counts) = redacted(text)
        #expect(result == text)
        #expect(counts.isEmpty)
    }

    @Test func countsEveryReplacement() {
        let (result, counts) = redacted("a@b.io, c@d.io and 10.0.0.1")
        #expect(result == "[EMAIL], [EMAIL] and [IP]")
        #expect(counts == ["email": 2, "ip": 1])
    }
}

@Suite("Redaction in builds")
struct RedactionBuildTests {
    func database() throws -> TestDatabase {
        let db = try TestDatabase()
        try db.interaction(1, query: "Why was ada@example.org charged?", answer: "[1]",
                           chunks: chunks(leaf("Refunds go to the card 4111 1111 1111 1111 within 5 days.", context: "Billing\nRefunds go to the card 4111 1111 1111 1111 within 5 days.")), feedback: 1, session: "a")
        try db.interaction(2, query: "why was bob@example.org charged", chunks: chunks(leaf("Call support on +1 415 555 0100 or write to help@corp.example.com.")), feedback: -1, session: "b")
        // The same passage with another customer's address: one chunk once redacted.
        try db.interaction(3, query: "Why was ada@example.org charged?", chunks: chunks(leaf("Call support on +1 415 555 0199 or write to desk@corp.example.com.")), feedback: -1, session: "c")
        return db
    }

    /// With `passages = "all"`, passages are redacted like queries (the default before issue 13;
    /// the default now keeps the passages' phone numbers and e-mails, see PassageRedactionTests).
    @Test func personalDataNeverReachesShardsAndIsCountedByKind() throws {
        let db = try database()
        var settings = BuildSettings()
        settings.privacy.passages = .all
        let (dataset, report) = try build(db, settings: settings, into: try TemporaryDirectory())
        let rows = try allRows(in: dataset)
        #expect(rows == [["query": "Why was [EMAIL] charged?", "positive": "Billing\nRefunds go to the card [CARD] within 5 days.",
                          "negative": "Call support on [PHONE] or write to [EMAIL]."]])
        #expect(report.manifest.redactions.counts == ["email": 4, "card": 2, "phone": 2])
        #expect(report.manifest.counts.queryGroups == 1)
        #expect(report.manifest.skipped["merged_vote"] == 1)
    }

    @Test func redactionCanBeTurnedOff() throws {
        let db = try database()
        var settings = BuildSettings()
        settings.privacy.redact = false
        let (dataset, report) = try build(db, settings: settings, into: try TemporaryDirectory())
        let text = try allRows(in: dataset).flatMap(\.values).joined(separator: " ")
        #expect(text.contains("ada@example.org") && text.contains("4111 1111 1111 1111"))
        #expect(report.manifest.redactions.counts.isEmpty)
        #expect(report.manifest.counts.negativePairs == 2)
    }
}
