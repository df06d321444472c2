import Foundation

/// One line of documentation per configuration key: what `tripletforge init` writes above each
/// setting and what the dataset card says next to each value used.
///
/// A test checks that every key ``Configuration`` accepts is documented here, so the commented
/// config file and the card cannot silently miss a setting.
public enum SettingDocs {
    public struct Entry: Sendable {
        public var section: String
        public var key: String
        public var doc: String
    }

    public static let sections = ["mining", "split", "output", "input", "privacy", "check"]

    public static let all: [Entry] = [
        .init(section: "mining", key: "uncited_positive", doc: "What a thumbs-up whose answer cites nothing says: \"top_leaf\" (its top-ranked leaf passage helped) or \"none\" (only citations make positives)."),
        .init(section: "mining", key: "confidence", doc: "The one knob between precision and coverage: a (query, passage) pair is a positive when the evidence model, fitted to this input, puts its relevance at this or above, a negative at 1 − this or below; in (0.5, 1)."),
        .init(section: "mining", key: "negative_rank_skip", doc: "Thumbs-down answers vote against their leaf passages from this rank on (0 = all); the top ranks of a bad answer hide unlabelled positives."),
        .init(section: "mining", key: "false_negative_score_margin", doc: "A negative whose production reranker score is within this relative margin of the positive's (or above it) is kept as the reranker's mistake when its evidence is strong (relevance ≤ (1 − confidence)/10), else dropped as a possible false negative; 0 treats all negatives alike."),
        .init(section: "mining", key: "max_negatives_per_positive", doc: "At most this many hard negatives per positive, hardest first (highest reranker score, then best rank)."),
        .init(section: "mining", key: "max_triplets_per_group", doc: "At most this many triplets per query group, so one popular query cannot dominate."),
        .init(section: "mining", key: "near_duplicate_similarity", doc: "Passages whose word trigrams are at least this similar (estimated Jaccard, in [0.5, 1]) are one passage, so versions that differ by a footer, header or re-dated line pool their votes; 0 turns this off."),
        .init(section: "mining", key: "delivery_only_categories", doc: "Negative feedback whose categories all blame delivery, not retrieval, makes no hard negatives."),
        .init(section: "split", key: "validation_fraction", doc: "Share of query groups held out for validation (a stable hash of the group, not a shuffle)."),
        .init(section: "split", key: "seed", doc: "Changing the seed reshuffles which query groups are held out."),
        .init(section: "output", key: "rows_per_shard", doc: "Rows per shard file before a new one starts."),
        .init(section: "output", key: "compression_level", doc: "gzip level, 1 (fastest) to 9 (smallest)."),
        .init(section: "output", key: "format", doc: "Row layout: \"triplet\", \"n-tuple\", \"labeled-pair\", \"labeled-list\" or \"grouped\"; every format reads the same mined labels."),
        .init(section: "output", key: "negatives_per_row", doc: "k, the negatives in each n-tuple row; positives with fewer are dropped, never padded."),
        .init(section: "output", key: "soft_labels", doc: "Write each passage's relevance (the evidence model's probability, 4 decimals) as its label (labeled-pair, labeled-list) or in pos_scores/neg_scores (grouped) instead of 1/0; not for triplet or n-tuple."),
        .init(section: "input", key: "max_reject_ratio", doc: "The build fails when more than this share of rated records are rejected as unusable."),
        .init(section: "input", key: "excluded_admin_labels", doc: "Threads layout: feedback an admin labelled with one of these (trimmed, any case) is dropped."),
        .init(section: "privacy", key: "redact", doc: "Replace e-mails, phone and card numbers, IPs and API keys in queries with [EMAIL], [PHONE], … before hashing (passages: see below)."),
        .init(section: "privacy", key: "passages", doc: "What redaction replaces in passages, the operator's own corpus: \"secrets\" (API keys and Luhn-valid card numbers only), \"all\" (as in queries) or \"none\"."),
        .init(section: "check", key: "min_new_triplets", doc: "`check`: retraining is due when at least this many triplets are new since the last training…"),
        .init(section: "check", key: "min_new_query_groups", doc: "…coming from at least this many distinct query groups."),
        .init(section: "check", key: "max_age_days", doc: "Also due when the newest data is this many days past the last training's and anything is new (0 disables)."),
    ]

    /// Settings as (section, key, value as TOML) in documentation order, read from their encoded form.
    public static func values(of settings: BuildSettings, check: CheckPolicy? = nil) -> [(entry: Entry, toml: String)] {
        var tables: [String: [String: Any]] = [:]
        let encoder = JSONEncoder()
        if let data = try? encoder.encode(settings), let object = try? JSONSerialization.jsonObject(with: data) as? [String: [String: Any]] {
            tables = object
        }
        if let check, let data = try? encoder.encode(check), let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            tables["check"] = object
        }
        return all.compactMap { entry in
            guard let value = tables[entry.section]?[entry.key] else { return nil }
            return (entry, toml(value))
        }
    }

    /// A JSON-decoded value as a TOML literal (strings quoted, doubles always with a fraction).
    static func toml(_ value: Any) -> String {
        switch value {
        case let text as String:
            return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        case let list as [Any]:
            return "[" + list.map(toml).joined(separator: ", ") + "]"
        case let number as NSNumber:
            if String(cString: number.objCType) == "d" || String(cString: number.objCType) == "f" {
                let double = number.doubleValue
                return double == double.rounded() ? String(format: "%.1f", double) : "\(double)"
            }
            if String(cString: number.objCType) == "c" { return number.boolValue ? "true" : "false" }
            return "\(number.int64Value)"
        default:
            return "\(value)"
        }
    }
}
