/// The columns each shard format writes, in order: what `validate` holds every line to.
///
/// A format's lines are JSON objects with exactly these keys in exactly this order (trainers read
/// some formats by position). Adding a format means adding its row to ``byFormat``.
public enum ShardColumns {
    /// What a column's value must be.
    public enum Kind: Sendable, Equatable {
        case string, integer, stringArray, integerArray
    }

    public struct Column: Sendable, Equatable {
        public var name: String
        public var kind: Kind

        public init(_ name: String, _ kind: Kind = .string) {
            self.name = name
            self.kind = kind
        }
    }

    /// The format a manifest records when it records none (every dataset before formats existed).
    public static let defaultFormat = "triplet"

    public static let byFormat: [String: [Column]] = [
        "triplet": [Column("query"), Column("positive"), Column("negative")],
    ]

    /// The columns of `format`, or nil for a format this version does not know.
    public static func columns(for format: String) -> [Column]? { byFormat[format] }
}
