import Foundation

/// The table ``EvidenceModel/fit(_:)`` runs on, flat: each distinct count vector as its weight
/// (how many pairs have it) and its non-zero counts with their event indexes, ascending.
///
/// The fit walks the table a few hundred times; as an array of per-row `[Double]` vectors each
/// walk paid for sixteen slots per row, most of them zero, and a retain and release per row.
struct FitRows {
    var weights: [Double] = []
    /// Row `r`'s counts are `indexes[starts[r]..<starts[r + 1]]` and `counts[…]`, parallel.
    var starts: [Int] = [0]
    var indexes: [Int] = []
    var counts: [Double] = []

    var count: Int { weights.count }

    init(_ entries: [(key: EventCounts, value: Int)]) {
        for entry in entries {
            for index in 0..<EventKind.count where entry.key[index] > 0 {
                indexes.append(index)
                counts.append(Double(entry.key[index]))
            }
            starts.append(indexes.count)
            weights.append(Double(entry.value))
        }
    }
}

extension EvidenceModel {
    /// EM steps over `rows` until the log-likelihood settles or the cap: shares always, the event
    /// rates only when `fittingEvents`.
    ///
    /// Every floating-point operation is the one the plain per-row form did, in the same order
    /// (log-joint summed over events by ascending index, classes in order), so the fitted model —
    /// and every relevance written — is bit for bit what it was.
    static func iterate(_ model: inout EvidenceModel, over rows: FitRows,
                        fittingEvents: Bool) -> (iterations: Int, converged: Bool, logLikelihood: Double) {
        let k = model.classes.count, e = EventKind.count
        let alpha = start.classes.flatMap { $0.events.map { $0 * priorEvents } }
        var previous = -Double.infinity
        var joint = [Double](repeating: 0, count: k)
        var logEvents = [Double](repeating: 0, count: k * e)
        var logShares = [Double](repeating: 0, count: k)
        for iteration in 1...maxIterations {
            for c in 0..<k {
                for index in 0..<e { logEvents[c * e + index] = log(model.classes[c].events[index]) }
                logShares[c] = log(model.classes[c].share)
            }
            var sums = alpha
            var members = start.classes.map { $0.share * priorPairs }
            var likelihood = 0.0
            rows.starts.withUnsafeBufferPointer { starts in
            rows.indexes.withUnsafeBufferPointer { indexes in
            rows.counts.withUnsafeBufferPointer { counts in
            logEvents.withUnsafeBufferPointer { logEvents in
            sums.withUnsafeMutableBufferPointer { sums in
            joint.withUnsafeMutableBufferPointer { joint in
                for row in 0..<rows.count {
                    let (first, end) = (starts[row], starts[row + 1])
                    for c in 0..<k {
                        var value = logShares[c]
                        for j in first..<end { value += counts[j] * logEvents[c * e + indexes[j]] }
                        joint[c] = value
                    }
                    var top = joint[0]
                    for c in 1..<k where top < joint[c] { top = joint[c] }
                    var sum = 0.0
                    for c in 0..<k { sum += exp(joint[c] - top) }
                    let total = top + log(sum)
                    let weight = rows.weights[row]
                    likelihood += weight * total
                    for c in 0..<k {
                        let w = weight * exp(joint[c] - total)
                        members[c] += w
                        if fittingEvents {
                            for j in first..<end { sums[c * e + indexes[j]] += w * counts[j] }
                        }
                    }
                }
            }}}}}}
            let allMembers = members.reduce(0, +)
            for c in 0..<k {
                if fittingEvents {
                    let classSums = sums[(c * e)..<((c + 1) * e)]
                    let total = classSums.reduce(0, +)
                    model.classes[c].events = classSums.map { $0 / total }
                }
                model.classes[c].share = min(max(members[c] / allMembers, 1e-9), 1 - 1e-9)
            }
            if abs(likelihood - previous) <= tolerance * max(1, abs(likelihood)) {
                return (iteration, true, likelihood)
            }
            previous = likelihood
        }
        return (maxIterations, false, previous)
    }
}
