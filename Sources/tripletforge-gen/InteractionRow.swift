/// One row of the `interactions` table, as bytes ready to bind.
///
/// The buffers are reused from row to row (cleared, capacity kept): allocation per row would cost
/// more than everything else the generator does.
struct InteractionRow {
    var id: Int64 = 0
    var session: [UInt8] = []
    var createdAt: [UInt8] = []
    var query: [UInt8] = []
    var answer: [UInt8] = []
    var chunks: [UInt8] = []
    /// 1, -1, nil (unrated), or an invalid value for a deliberately bad row.
    var feedback: Int? = nil

    mutating func clear() {
        session.removeAll(keepingCapacity: true)
        createdAt.removeAll(keepingCapacity: true)
        query.removeAll(keepingCapacity: true)
        answer.removeAll(keepingCapacity: true)
        chunks.removeAll(keepingCapacity: true)
        feedback = nil
    }
}

/// ISO-8601 UTC timestamps without Foundation's formatters (millions of rows).
enum Timestamp {
    static func append(_ epochSeconds: Int64, to out: inout [UInt8]) {
        let days = epochSeconds / 86_400
        let secondOfDay = Int(epochSeconds % 86_400)
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        appendDigits(Int(year), 4, &out); out.append(UInt8(ascii: "-"))
        appendDigits(Int(month), 2, &out); out.append(UInt8(ascii: "-"))
        appendDigits(Int(day), 2, &out); out.append(UInt8(ascii: "T"))
        appendDigits(secondOfDay / 3_600, 2, &out); out.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay / 60 % 60, 2, &out); out.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay % 60, 2, &out); out.append(UInt8(ascii: "Z"))
    }

    private static func appendDigits(_ value: Int, _ width: Int, _ out: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        while divisor > 0 { out.append(UInt8(ascii: "0") + UInt8(value / divisor % 10)); divisor /= 10 }
    }
}
