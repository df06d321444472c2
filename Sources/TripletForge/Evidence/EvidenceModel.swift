import Foundation

/// How much each kind of event says about relevance, learnt from one input by
/// expectation–maximisation, and the probability it gives each (query group, passage) pair.
///
/// The model is the one of Dawid–Skene and of the click models of unbiased learning-to-rank, cut
/// to what the logs hold: each pair belongs to one hidden class — *relevant*, *plausible* (wrong,
/// but the kind of passage a retriever ranks high: near misses, sticky distractors) or *unrelated*
/// (wrong and ranked low) — drawn with the class shares; each event on the pair (a rated exchange
/// that surfaced the passage, see ``EventKind``) is drawn independently from a categorical
/// distribution that depends on the class only. Fixed vote thresholds assumed one set of rates for
/// every database; this estimates them from the database at hand, so a log full of misclicks or of
/// answers citing what they did not need weighs its citations less.
///
/// Two wrong classes, not one: with a single one, the fit splits pairs by *rank* instead — passages
/// surfaced high (relevant ones and near misses alike) against the rest — and near misses become
/// positives. Relevance is P(relevant class); the two wrong classes are only its complement.
///
/// Pairs with the same ``EventCounts`` are interchangeable, so ``fit(_:)`` runs on a table of
/// distinct count vectors with multiplicities — small however large the input — and the fit is
/// deterministic: the table is walked in sorted order, from a fixed start, for a capped number of
/// iterations. A weak Dirichlet prior (``priorEvents`` pseudo-events per class and ``priorPairs``
/// pseudo-pairs, shaped like ``start``) keeps rates of rare events finite and decides for inputs
/// too small to learn from.
public struct EvidenceModel: Sendable, Equatable {
    /// One hidden class: its share of pairs and its probability of each ``EventKind`` (by index).
    public struct Class: Sendable, Equatable {
        public var name: String
        public var share: Double
        public var events: [Double]
    }

    /// `relevant`, `plausible`, `unrelated`, in that order.
    public var classes: [Class]
    public var iterations = 0
    /// Whether the log-likelihood stopped changing (relative change below ``tolerance``) before
    /// the iteration cap.
    public var converged = false
    /// The data's log-likelihood under the fitted model (natural log, multinomial coefficients left out).
    public var logLikelihood = 0.0
    /// Pairs the model was fitted on, and their distinct count vectors.
    public var pairs = 0
    public var distinctCountVectors = 0
    /// How many events of each ``EventKind`` (by index) the input held. A kind never observed —
    /// some cannot occur, such as a citation below another at rank 0 — keeps the prior's rates, so
    /// its weight says nothing about the input; the report leaves such kinds out.
    public var observed = [Int](repeating: 0, count: EventKind.count)

    public static let maxIterations = 300
    public static let tolerance = 1e-9
    /// The strength of the prior: pseudo-events per class, and pseudo-pairs over the class shares.
    public static let priorEvents = 200.0
    public static let priorPairs = 20.0

    /// π: the share of (query group, passage) pairs that are relevant.
    public var prior: Double { classes[0].share }
    /// θ₁: for a relevant pair, the probability of each ``EventKind`` (by ``EventKind/index``).
    public var relevant: [Double] { classes[0].events }
    /// θ₀: the same for a wrong pair (plausible and unrelated together, by their shares).
    public var irrelevant: [Double] {
        let wrong = classes.dropFirst(), total = wrong.reduce(0) { $0 + $1.share }
        return (0..<EventKind.count).map { index in wrong.reduce(0) { $0 + $1.share * $1.events[index] } / total }
    }

    /// The starting point and the prior's shape. Only a starting point — the fit moves away from
    /// it as far as the data says — but on an input too small to learn from it decides, so it is
    /// set to today's plain reading of one rating: one citation (or an uncited answer's top leaf)
    /// makes a positive, one thumbs-down or one uncited surfacing a negative, one of each neither.
    /// The qualifiers of ``EventKind`` start neutral — a citation alone or among others, an answer
    /// scored above or below the median, weigh the same until the data says otherwise — so that
    /// reading does not depend on them.
    public static let start: EvidenceModel = {
        func shape(_ byVote: [VoteKind: Double], _ ranks: [Double]) -> [Double] {
            EventKind.all.map { byVote[$0.vote]! * ranks[$0.rankBucket] * ($0.vote == .cited ? 1.0 / 3 : 1) * 0.5 }
        }
        return EvidenceModel(classes: [
            Class(name: "relevant", share: 0.2, events: shape([.cited: 0.735, .topLeaf: 0.20, .surfaced: 0.05, .down: 0.015], [0.35, 0.35, 0.2, 0.1])),
            Class(name: "plausible", share: 0.3, events: shape([.cited: 0.005, .topLeaf: 0.005, .surfaced: 0.49, .down: 0.50], [0.3, 0.4, 0.2, 0.1])),
            Class(name: "unrelated", share: 0.5, events: shape([.cited: 0.001, .topLeaf: 0.001, .surfaced: 0.498, .down: 0.50], [0.05, 0.15, 0.3, 0.5])),
        ])
    }()

    public init(classes: [Class]) {
        self.classes = classes
    }

    /// A two-class model (relevant, wrong), for tests and examples.
    public init(prior: Double, relevant: [Double], irrelevant: [Double]) {
        classes = [Class(name: "relevant", share: prior, events: relevant), Class(name: "wrong", share: 1 - prior, events: irrelevant)]
    }

    /// P(relevant | the pair's events).
    public func relevance(of counts: EventCounts) -> Double {
        let n = (0..<EventKind.count).map { Double(counts[$0]) }
        let logJoint = classes.map { Self.logJoint(n, share: $0.share, logEvents: $0.events.map(log)) }
        let top = logJoint.max()!
        let total = logJoint.reduce(0) { $0 + exp($1 - top) }
        return exp(logJoint[0] - top) / total
    }

    static func logJoint(_ counts: [Double], share: Double, logEvents: [Double]) -> Double {
        var value = log(share)
        for index in 0..<counts.count where counts[index] > 0 { value += counts[index] * logEvents[index] }
        return value
    }

    /// Fits the model to `table` (count vector → how many pairs have it), in two phases.
    ///
    /// A pair with a single event says nothing about reliabilities: a mixture of one-event pairs
    /// can be split any way with the same likelihood, and EM would drift along that ridge. Only
    /// pairs with two or more events tie kinds of events together, so the event rates of each
    /// class are fitted on those (under the model, which events a pair gets does not depend on
    /// how many it gets, so this does not bias them); the class shares are then fitted on every
    /// pair with those rates fixed. An input with no repeated evidence keeps the prior's rates.
    public static func fit(_ table: [EventCounts: Int]) -> EvidenceModel {
        let sorted = table.sorted { $0.key < $1.key }
        let rows = FitRows(sorted)
        var model = start
        model.pairs = table.values.reduce(0, +)
        model.distinctCountVectors = table.count
        for (counts, pairs) in sorted {
            for kind in 0..<EventKind.count where counts[kind] > 0 { model.observed[kind] += counts[kind] * pairs }
        }
        let repeated = FitRows(sorted.filter { $0.key.total >= 2 })
        let first = iterate(&model, over: repeated, fittingEvents: true)
        let second = iterate(&model, over: rows, fittingEvents: false)
        model.iterations = first.iterations + second.iterations
        model.converged = first.converged && second.converged
        model.logLikelihood = second.logLikelihood
        return model.orientedByCitations()
    }

    /// The classes of a mixture are only names: the relevant one is the one citations point to
    /// most. Moves that class first if the fit ended otherwise.
    func orientedByCitations() -> EvidenceModel {
        let cited = EventKind.all.filter { $0.vote == .cited }.map(\.index)
        let citedShare = classes.map { c in cited.reduce(0) { $0 + c.events[$1] } }
        let best = citedShare.indices.max { citedShare[$0] < citedShare[$1] }!
        guard best != 0 else { return self }
        var oriented = self
        oriented.classes.swapAt(0, best)
        (oriented.classes[0].name, oriented.classes[best].name) = (classes[0].name, classes[best].name)
        return oriented
    }
}
