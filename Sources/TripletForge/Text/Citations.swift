/// Finds the chunks an answer cites.
///
/// Answers cite the chunks they used as `[1]`, `[2]`, or grouped as `[1, 3]` / `[1][3]` — 1-based
/// indexes into the retrieved chunks, in rank order. Anything else in brackets (`[link]`, `[0]`,
/// `[12a]`) is not a citation.
///
/// ```swift
/// Citations.indexes(in: "RAG retrieves first [1][3], see also [2, 3].")  // [0, 1, 2]
/// ```
public enum Citations {
    /// The zero-based chunk indexes cited in `answer`, ascending and unique.
    public static func indexes(in answer: String) -> [Int] {
        var found = Set<Int>()
        var bytes = Array(answer.utf8)[...]
        while let open = bytes.firstIndex(of: UInt8(ascii: "[")) {
            bytes = bytes[(open + 1)...]
            guard let close = bytes.firstIndex(of: UInt8(ascii: "]")), close - open <= 64 else { continue }
            let inside = bytes[bytes.startIndex..<close]
            var numbers: [Int] = []
            var valid = true
            for part in inside.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
                let digits = part.drop(while: { $0 == 0x20 }).reversed().drop(while: { $0 == 0x20 }).reversed()
                guard !digits.isEmpty, digits.count <= 6, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                      let number = Int(String(decoding: digits, as: UTF8.self)), number >= 1
                else { valid = false; break }
                numbers.append(number - 1)
            }
            if valid { found.formUnion(numbers) }
            bytes = bytes[(close + 1)...]
        }
        return found.sorted()
    }
}
