/// The columns a shard format writes, in order, with the kind of value each holds: what
/// `validate` holds every line to.
///
/// The column *names* come from ``ShardFormat/columns(negatives:softLabels:)``, the list the writers use, so
/// a format's validator cannot drift from its writer; this type only adds each column's kind.
/// A format's lines are JSON objects with exactly these keys in exactly this order (trainers read
/// some formats by position).
public enum ShardColumns {
    /// What a column's value must be.
    public enum Kind: Sendable, Equatable {
        case string, integer, stringArray, integerArray
        /// A number from 0 to 1 (a soft label), or an array of them.
        case probability, probabilityArray
    }

    public struct Column: Sendable, Equatable {
        public var name: String
        public var kind: Kind

        public init(_ name: String, _ kind: Kind = .string) {
            self.name = name
            self.kind = kind
        }
    }

    /// The columns that are not strings; every other column (`query`, `positive`, `negative_3`,
    /// `passage`, …) holds a string.
    static let nonStringKinds: [String: Kind] = [
        "label": .integer, "labels": .integerArray, "docs": .stringArray, "pos": .stringArray, "neg": .stringArray,
    ]

    /// The kinds of the label columns when soft labels are written (``OutputSettings/softLabels``).
    static let softLabelKinds: [String: Kind] = [
        "label": .probability, "labels": .probabilityArray, "pos_scores": .probabilityArray, "neg_scores": .probabilityArray,
    ]

    /// The columns of `format` with `negatives` negatives per n-tuple row, in order.
    public static func columns(of format: ShardFormat, negatives: Int, softLabels: Bool = false) -> [Column] {
        format.columns(negatives: negatives, softLabels: softLabels).map { name in
            Column(name, (softLabels ? softLabelKinds[name] : nil) ?? nonStringKinds[name] ?? .string)
        }
    }
}
