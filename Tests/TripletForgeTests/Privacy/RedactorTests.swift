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

    /// Whitespace is what text normalisation collapses, not only ASCII: a number pasted with
    /// no-break or thin spaces is still found, before and after it and between its groups, and the
    /// whitespace around it is kept as it was.
    @Test(arguments: [
        ("card\u{00A0}4111\u{00A0}1111\u{00A0}1111\u{00A0}1111\u{00A0}please", "card\u{00A0}[CARD]\u{00A0}please", "card"),
        ("call\u{2009}+44\u{2009}20\u{2009}7946\u{2009}0958", "call\u{2009}[PHONE]", "phone"),
        ("(555)\u{202F}123-4567\u{3000}ok", "[PHONE]\u{3000}ok", "phone"),
        ("tel\u{00A0}(555) 123-4567", "tel\u{00A0}[PHONE]", "phone"),
        ("from\u{00A0}192.168.10.254\u{00A0}today", "from\u{00A0}[IP]\u{00A0}today", "ip"),
        ("v6\u{2003}2001:db8::1\u{2003}end", "v6\u{2003}[IP]\u{2003}end", "ip"),
        ("Bearer\u{00A0}eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig", "[SECRET]", "secret"),
        ("key\u{00A0}sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8t", "key\u{00A0}[SECRET]", "secret"),
    ])
    func findsItemsBetweenUnicodeWhitespace(text: String, expected: String, kind: String) {
        let (result, counts) = redacted(text)
        #expect(result == expected)
        #expect(counts == [kind: 1])
    }

    /// Past ASCII, punctuation and the letters of scripts written without spaces end a word as a
    /// space does, and every script's decimal digits are digits: a card or phone number typed after
    /// `番号`, inside curly quotes, or with the fullwidth digits of an input method is found.
    @Test(arguments: [
        ("カード番号4111111111111111です", "カード番号[CARD]です", "card"),
        ("号码４１１１ １１１１ １１１１ １１１１", "号码[CARD]", "card"),
        ("“4111 1111 1111 1111”", "“[CARD]”", "card"),
        ("電話は+81 3 1234 5678まで", "電話は[PHONE]まで", "phone"),
        ("«ada@example.org»", "«[EMAIL]»", "email"),
        ("رقم ٤١١١١١١١١١١١١١١١", "رقم [CARD]", "card"),
    ])
    func findsItemsInOtherScripts(text: String, expected: String, kind: String) {
        let (result, counts) = redacted(text)
        #expect(result == expected)
        #expect(counts == [kind: 1])
    }

    /// The blocks `breaksWord` answers without the Unicode tables answer as the tables do.
    @Test func theWordBreakShortcutsAgreeWithUnicode() {
        for value in UInt32(0x80)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if Redactor.breaksWord(scalar) != Redactor.breaksWordByCategory(scalar) {
                Issue.record("U+\(String(value, radix: 16, uppercase: true)) differs")
                return
            }
        }
    }

    /// A letter past ASCII is still part of a word: nothing starts inside `é4111…`.
    @Test func aLetterPastASCIIStillJoinsAWord() {
        let (result, counts) = redacted("café4111111111111111 and 4111111111111111é")
        #expect(result == "café4111111111111111 and 4111111111111111é")
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

    /// A card pasted with no-break spaces (a web form's copy) reaches no shard, and two logged
    /// forms of one passage, one with spaces and one with no-break spaces, are one passage.
    @Test func aCardWithNoBreakSpacesIsRedactedInQueriesAndPassages() throws {
        let db = try TestDatabase()
        let card = "4111\u{00A0}1111\u{00A0}1111\u{00A0}1111"
        try db.interaction(1, query: "charged\u{00A0}\(card)\u{00A0}twice?", answer: "[1]",
                           chunks: chunks(leaf("Refunds go to the card 4111 1111 1111 1111 within 5 days.")), feedback: 1, session: "a")
        try db.interaction(2, query: "charged \(card) twice?", answer: "[1]",
                           chunks: chunks(leaf("Refunds go to the card \(card) within 5 days.")), feedback: 1, session: "b")
        try db.interaction(3, query: "charged 4111 1111 1111 1111 twice?", chunks: chunks(leaf("Delivery takes three days.")), feedback: -1, session: "c")
        let (dataset, report) = try build(db, settings: BuildSettings(), into: try TemporaryDirectory())
        let rows = try allRows(in: dataset)
        #expect(rows == [["query": "charged\u{00A0}[CARD]\u{00A0}twice?", "positive": "Refunds go to the card [CARD] within 5 days.",
                          "negative": "Delivery takes three days."]])
        #expect(report.manifest.counts.queryGroups == 1)
        #expect(!rows.flatMap(\.values).joined().contains("1111"))
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
