import Foundation

/// Where each signal that voted came from, by index: its provenance id, the feedback records
/// behind it and its categories — provenance's own log, apart from the votes.
///
/// A vote carries only its signal's index (4 bytes); what a provenance file says about the signal
/// is kept here, in scratch files, and read back only for the few signals behind the rows that are
/// written. ``EvidenceCollector`` appends while reading; from ``Evidence`` on it is only read.
///
/// ```swift
/// let index = try log.append(signal)   // while collecting
/// log.id(of: index)                    // "42", or "thread-7:3"
/// ```
final class SignalLog {
    private let ids: StringLog
    /// The feedback record ids behind each signal, as a JSON array of strings, parallel to `ids` —
    /// empty unless the layout combines records into signals (threads).
    private let records: StringLog
    /// Each signal's feedback categories as bits of `FeedbackCategory.allCases`.
    private var categoryBits: [UInt16] = []

    init(directory: URL) throws {
        ids = try StringLog(directory: directory, prefix: "signals")
        records = try StringLog(directory: directory, prefix: "signal-records")
    }

    var count: Int { ids.count }

    /// Logs a signal; returns its index, which its votes carry.
    func append(_ signal: Signal) throws -> UInt32 {
        let index = try ids.append(signal.provenance.id)
        if !signal.records.isEmpty || records.count > 0 {
            while records.count < index { try records.append("[]") }
            var array = JSONLineEncoder(reservingCapacity: 64)
            array.value(.strings(signal.records))
            try records.append(String(decoding: array.bytes, as: UTF8.self))
        }
        categoryBits.append(FeedbackCategory.allCases.enumerated().reduce(0) { bits, category in
            signal.categories.contains(category.element) ? bits | (1 << category.offset) : bits
        })
        return UInt32(truncatingIfNeeded: index)
    }

    /// Flushes what is still buffered: after this, reading mutates nothing, so several writers may
    /// read at once. Called once, when collection ends.
    func finishWriting() throws {
        try ids.finishWriting()
        try records.finishWriting()
    }

    /// The provenance id of the signal at `index` (an interaction id, or `thread:sequence`).
    func id(of index: UInt32) -> String? { ids[Int(index)] }

    /// The feedback categories of the signal at `index` (empty for a bare thumbs rating).
    func categories(of index: UInt32) -> [FeedbackCategory] {
        let bits = categoryBits(of: index)
        return FeedbackCategory.allCases.enumerated().filter { bits & (1 << $0.offset) != 0 }.map(\.element)
    }

    /// The categories of the signal at `index` as bits of `FeedbackCategory.allCases` (0: none),
    /// for a writer that formats each combination once.
    func categoryBits(of index: UInt32) -> UInt16 {
        Int(index) < categoryBits.count ? categoryBits[Int(index)] : 0
    }

    /// Every id at once, for a writer that looks up many.
    func loadIDs() throws -> LoadedStrings { try ids.loadAll() }

    /// Every signal's record ids at once (nil when the layout logs none).
    func loadRecords() throws -> LoadedStrings? { records.count > 0 ? try records.loadAll() : nil }
}
