/// One row of the threads layout's `feedback` table, checked against the taxonomy.
///
/// Only what a vote needs survives decoding: the sentiment and the categories. Who voted is kept
/// as an opaque key for combining votes, and is dropped with the record; notes are read only to
/// check that `other` is explained; admin columns are read only to drop triaged records.
///
/// A record that breaks the taxonomy is a reject with a stable reason, never coerced:
///
/// | reason                           | record                                              |
/// |----------------------------------|-----------------------------------------------------|
/// | `unknown_sentiment`              | sentiment is not `positive` or `negative`           |
/// | `malformed_categories`           | categories is not a JSON array of strings           |
/// | `unknown_category`               | a category outside ``FeedbackCategory``             |
/// | `invalid_category_for_sentiment` | e.g. `correct` on a negative                        |
/// | `other_without_notes`            | `other` with NULL or blank notes                    |
struct FeedbackRecord: Equatable {
    var verdict: Verdict
    var categories: Set<FeedbackCategory>
    /// The record's `feedback_id`, for provenance (empty until the source sets it).
    var id = ""

    /// Checks a record's sentiment, categories JSON and notes; the failure is a reason code and a
    /// detail that quotes only taxonomy values, never free text from the row.
    static func validate(sentiment: String?, categories json: String?, notes: String?) -> Result<FeedbackRecord, RowProblem> {
        guard let sentiment, let verdict = Verdict(rawValue: sentiment) else {
            return .failure(RowProblem(.unknownSentiment, "sentiment must be 'positive' or 'negative'"))
        }
        let names: [String]
        do {
            names = try json.map(parseCategoryList) ?? []
        } catch {
            return .failure(RowProblem(.malformedCategories, "categories must be a JSON array of strings: \(error)"))
        }
        var categories = Set<FeedbackCategory>()
        for name in names {
            guard let category = FeedbackCategory(rawValue: name) else {
                return .failure(RowProblem(.unknownCategory, "a category is not in the taxonomy (\(FeedbackCategory.allCases.count) known values)"))
            }
            guard category.isValid(for: verdict) else {
                return .failure(RowProblem(.invalidCategoryForSentiment, "'\(category.rawValue)' is not valid for \(verdict.rawValue) feedback"))
            }
            categories.insert(category)
        }
        if categories.contains(.other), !(notes ?? "").contains(where: { !$0.isWhitespace }) {
            return .failure(RowProblem(.otherWithoutNotes, "category 'other' requires non-blank notes"))
        }
        return .success(FeedbackRecord(verdict: verdict, categories: categories))
    }

    /// `["incorrect", "slow"]` → the strings, strictly (RFC 8259, nothing but strings).
    static func parseCategoryList(_ json: String) throws(ChunkJSONError) -> [String] {
        var json = json
        let result = json.withUTF8 { bytes in
            Result { () throws(ChunkJSONError) -> [String] in
                var scanner = JSONScanner(bytes: bytes)
                var names: [String] = []
                scanner.skipWhitespace()
                try scanner.expect(UInt8(ascii: "["), "not a JSON array")
                scanner.skipWhitespace()
                if scanner.peek() == UInt8(ascii: "]") {
                    scanner.advance()
                } else {
                    while true {
                        scanner.skipWhitespace()
                        guard let name = try scanner.parseString().decodedString() else { throw scanner.error("a category is not valid UTF-8") }
                        names.append(name)
                        scanner.skipWhitespace()
                        if scanner.peek() == UInt8(ascii: ",") { scanner.advance(); continue }
                        try scanner.expect(UInt8(ascii: "]"), "expected ',' or ']' after a category")
                        break
                    }
                }
                scanner.skipWhitespace()
                guard scanner.atEnd else { throw scanner.error("unexpected bytes after the array") }
                return names
            }
        }
        return try result.get()
    }
}
