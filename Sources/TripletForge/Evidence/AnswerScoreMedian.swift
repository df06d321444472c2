/// The median of the rated answers' best production scores, in bounded memory: the line between
/// the two answer-score sides of an ``EventKind``.
///
/// A reranker's scores have no fixed scale (probabilities, logits, cosine similarities), so the
/// line is drawn relative to each input. Scores are counted in a histogram of values rounded to
/// 12 bits of mantissa (a relative step of 1/4096, finer than loggers round): its size is bounded
/// by the distinct rounded values, not by the number of answers, and the median it gives does not
/// depend on the order answers were read.
struct AnswerScoreMedian {
    private var counts: [UInt32: Int] = [:]
    private(set) var answers = 0

    /// Counts one rated answer's best score; NaN (nothing logged) is not counted.
    mutating func add(_ score: Float) {
        guard !score.isNaN else { return }
        counts[Self.rounded(score).bitPattern, default: 0] += 1
        answers += 1
    }

    /// The lower median of the rounded scores; NaN when no answer logged a score.
    var median: Float {
        guard answers > 0 else { return .nan }
        var below = (answers - 1) / 2
        for value in counts.keys.map({ Float(bitPattern: $0) }).sorted() {
            below -= counts[value.bitPattern]!
            if below < 0 { return value }
        }
        return .nan
    }

    /// Whether `score` lies below `median` (as rounded here); a missing score or median is not low.
    static func isLow(_ score: Float, median: Float) -> Bool {
        !score.isNaN && !median.isNaN && rounded(score) < median
    }

    /// `score` with the low 11 bits of its mantissa cleared (toward zero); ±0 as +0.
    static func rounded(_ score: Float) -> Float {
        score == 0 ? 0 : Float(bitPattern: score.bitPattern & ~0x7FF)
    }
}
