import Foundation

extension Manifest {
    /// The reliabilities the evidence model learnt from this input (see ``EvidenceModel``):
    /// what one event of each kind was worth, so a reader can see why labels came out as they did
    /// and compare databases. Values are rounded to six decimals for stable, readable bytes.
    public struct EvidenceModelEntry: Codable, Sendable, Equatable {
        /// π: the estimated share of (query group, passage) pairs that are relevant.
        public var prior: Double
        /// Every hidden class's share of pairs: relevant, plausible (wrong, ranked high), unrelated.
        public var classShares: [String: Double]
        public var events: [Event]
        public var iterations: Int
        public var converged: Bool
        public var logLikelihood: Double
        public var pairs: Int
        public var distinctCountVectors: Int
        /// Triplets whose negative the production reranker scored near or above the positive,
        /// kept because the evidence against the negative is strong.
        public var rerankerMistakes: Int
        /// Query groups with votes that gave no triplet, by reason.
        public var lostGroups: ReasonCounts

        /// One ``EventKind``: how likely a relevant and a wrong pair (and each kind of wrong pair)
        /// are to get it, and the weight of one such event (the log-likelihood ratio of relevant
        /// against wrong: > 0 speaks for relevance).
        public struct Event: Codable, Sendable, Equatable {
            public var event: String
            public var ranks: String
            /// Which side of the input's median rated answer its answer's best production score
            /// lay on (``EventKind/answerScoreNames``); absent in manifests from before the split.
            public var answerScore: String?
            /// How many events of this kind the input held (absent in older manifests). At 0 the
            /// rates are the prior's: the weight then says nothing about the input.
            public var observed: Int?
            public var relevant: Double
            public var irrelevant: Double
            public var byClass: [String: Double]
            public var weight: Double

            enum CodingKeys: String, CodingKey {
                case event, ranks, answerScore = "answer_score", observed, relevant, irrelevant, byClass = "by_class", weight
            }
        }

        enum CodingKeys: String, CodingKey {
            case prior, classShares = "class_shares", events, iterations, converged, logLikelihood = "log_likelihood", pairs
            case distinctCountVectors = "distinct_count_vectors", rerankerMistakes = "reranker_mistakes", lostGroups = "lost_groups"
        }

        init(_ mined: MiningResult) {
            let model = mined.model
            prior = Self.rounded(model.prior)
            classShares = Dictionary(uniqueKeysWithValues: model.classes.map { ($0.name, Self.rounded($0.share)) })
            let irrelevant = model.irrelevant
            events = EventKind.all.map { kind in
                Event(event: kind.name, ranks: EventKind.rankBucketNames[kind.rankBucket],
                      answerScore: EventKind.answerScoreNames[kind.lowScore ? 1 : 0], observed: model.observed[kind.index],
                      relevant: Self.rounded(model.relevant[kind.index]), irrelevant: Self.rounded(irrelevant[kind.index]),
                      byClass: Dictionary(uniqueKeysWithValues: model.classes.map { ($0.name, Self.rounded($0.events[kind.index])) }),
                      weight: Self.rounded(log(model.relevant[kind.index] / irrelevant[kind.index])))
            }
            iterations = model.iterations
            converged = model.converged
            logLikelihood = (model.logLikelihood * 1000).rounded() / 1000
            pairs = model.pairs
            distinctCountVectors = model.distinctCountVectors
            rerankerMistakes = mined.rerankerMistakes
            lostGroups = mined.lostGroupReasons
        }

        static func rounded(_ value: Double) -> Double { (value * 1e6).rounded() / 1e6 }
    }
}
