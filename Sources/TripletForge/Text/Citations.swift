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
            // The bracket's content ends at the next ']' — or at a new '[', which starts over.
            guard let end = bytes.firstIndex(where: { $0 == UInt8(ascii: "]") || $0 == UInt8(ascii: "[") }),
                  bytes[end] == UInt8(ascii: "]"), end - open <= 64
            else { continue }
            if let numbers = citedNumbers(bytes[bytes.startIndex..<end]) { found.formUnion(numbers) }
            bytes = bytes[(end + 1)...]
        }
        return found.sorted()
    }

    /// `1` or `1, 3` as zero-based indexes; nil when the bracket holds anything else.
    private static func citedNumbers(_ inside: ArraySlice<UInt8>) -> [Int]? {
        var numbers: [Int] = []
        for part in inside.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
            let digits = part.drop(while: { $0 == 0x20 }).reversed().drop(while: { $0 == 0x20 }).reversed()
            guard !digits.isEmpty, digits.count <= 6, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                  let number = Int(String(decoding: digits, as: UTF8.self)), number >= 1
            else { return nil }
            numbers.append(number - 1)
        }
        return numbers
    }
}
