/// The row formats a dataset can be written in: one per trainer family.
///
/// Every format reads the same ``MiningResult``: the miner alone decides what is a positive and
/// what is a hard negative, and which pairs survive the caps and the false-negative guard (its
/// `triplets`). A format only arranges those pairs into rows, so switching formats never changes
/// what the data says, only its shape. Each row holds exactly the format's ``columns(negatives:softLabels:)``
/// in that order (sentence-transformers reads columns by position).
///
/// ```swift
/// ShardFormat.nTuple.columns(negatives: 2) // ["query", "positive", "negative_1", "negative_2"]
/// ```
public enum ShardFormat: String, Sendable, Codable, CaseIterable, Equatable {
    /// `{"query","positive","negative"}`: one row per mined triplet (the default).
    case triplet
    /// `{"query","positive","negative_1",…,"negative_k"}`: one row per positive with at least k negatives.
    case nTuple = "n-tuple"
    /// `{"query","passage","label"}`: one row per labelled passage, 1 or 0.
    case labeledPair = "labeled-pair"
    /// `{"query","docs":[…],"labels":[…]}`: one row per query group, positives first.
    case labeledList = "labeled-list"
    /// `{"query","pos":[…],"neg":[…]}`: one row per query group (FlagEmbedding).
    case grouped

    /// The columns of every row, in order. With `softLabels`, `grouped` rows add FlagEmbedding's
    /// `pos_scores` and `neg_scores`; the labels of the other formats change value, not name.
    public func columns(negatives k: Int, softLabels: Bool = false) -> [String] {
        switch self {
        case .triplet: return ["query", "positive", "negative"]
        case .nTuple: return ["query", "positive"] + (1...max(1, k)).map { "negative_\($0)" }
        case .labeledPair: return ["query", "passage", "label"]
        case .labeledList: return ["query", "docs", "labels"]
        case .grouped: return ["query", "pos", "neg"] + (softLabels ? ["pos_scores", "neg_scores"] : [])
        }
    }

    /// Whether rows have a place for a soft label (``OutputSettings/softLabels``).
    public var hasLabelColumn: Bool { self == .labeledPair || self == .labeledList || self == .grouped }

    /// The trainers and losses a format is made for (for the card and `--help`).
    public var usedFor: String {
        switch self {
        case .triplet: return "sentence-transformers `MultipleNegativesRankingLoss`, `TripletLoss`; cross-encoder triplet training"
        case .nTuple: return "sentence-transformers `MultipleNegativesRankingLoss` / `CachedMultipleNegativesRankingLoss` with several hard negatives per anchor"
        case .labeledPair: return "binary cross-encoder training (`BinaryCrossEntropyLoss`), hosted rerank fine-tuning with relevance labels"
        case .labeledList: return "listwise losses (`ListNetLoss`, `LambdaLoss`) for cross-encoders"
        case .grouped: return "FlagEmbedding reranker and embedder fine-tuning (`pos`/`neg` lists)"
        }
    }

    /// The row producer for this format.
    func shape(negatives k: Int) -> any RowShape {
        switch self {
        case .triplet: return TripletShape()
        case .nTuple: return NTupleShape(negatives: k)
        case .labeledPair: return LabeledPairShape()
        case .labeledList: return LabeledListShape()
        case .grouped: return GroupedShape()
        }
    }
}
