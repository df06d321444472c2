import TripletForge

/// `Citations.indexes(in:)`: sorted, unique, non-negative; a citation appended after any text is
/// found whatever came before (an unclosed `[` must not swallow it); a closed one put in front
/// changes nothing else.
enum CitationsTarget {
    static func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        let answer = String(decoding: bytes, as: UTF8.self)
        let found = Citations.indexes(in: answer)
        require(found == Array(Set(found)).sorted(), "not sorted and unique: \(found)")
        require(found.allSatisfy { $0 >= 0 && $0 < 999_999 }, "index out of range: \(found)")
        let k = bytes.count % 9 + 1
        let appended = Citations.indexes(in: answer + " [\(k)]")
        require(appended == Array(Set(found + [k - 1])).sorted(), "appending [\(k)] gave \(appended), expected \(found) + \(k - 1)")
        let prefixed = Citations.indexes(in: "[\(k)] " + answer)
        require(prefixed == Array(Set(found + [k - 1])).sorted(), "prefixing [\(k)] gave \(prefixed), expected \(found) + \(k - 1)")
        if !answer.utf8.contains(UInt8(ascii: "[")) { require(found.isEmpty, "citations without a bracket: \(found)") }
    }
}
