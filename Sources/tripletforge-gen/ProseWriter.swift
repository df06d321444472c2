/// Writes varied documentation-like prose of a target length, with the awkward bits real text has.
///
/// Besides words, a passage may contain ASCII and typographic quotes, Windows paths (backslashes),
/// tab-separated settings, paragraph breaks and line breaks, emoji and non-Latin scripts: every
/// one of them needs escaping or multi-byte handling in JSON, which is what a benchmark of a JSON
/// reader and writer should pay for.
enum ProseWriter {
    /// A passage of `minScalars...maxScalars` Unicode scalars (about characters).
    static func passage(_ rng: inout SeededRandom, minScalars: Int, maxScalars: Int) -> String {
        var text = ""
        var count = 0
        while count < minScalars {
            if count > 0 {
                let gap = rng.chance(0.08) ? "\n\n" : rng.chance(0.03) ? "\n" : " "
                text += gap; count += gap.unicodeScalars.count
            }
            let sentence = self.sentence(&rng)
            text += sentence; count += sentence.unicodeScalars.count
        }
        if count > maxScalars {
            // Cut at a word boundary below the cap and end the sentence there.
            var scalars = Array(text.unicodeScalars.prefix(maxScalars - 1))
            while let last = scalars.last, last != " " { scalars.removeLast() }
            while let last = scalars.last, last == " " || last == "\n" || last == "\t" { scalars.removeLast() }
            var cut = String.UnicodeScalarView()
            cut.append(contentsOf: scalars)
            text = String(cut) + "."
        }
        return text
    }

    static func sentence(_ rng: inout SeededRandom) -> String {
        var words: [String] = []
        let length = rng.int(in: 6...18)
        for _ in 0..<length { words.append(word(&rng)) }
        switch rng.int(below: 100) {
        case 0..<4: words.insert("\"\(word(&rng)) \(word(&rng))\"", at: rng.int(below: words.count))
        case 4..<7: words.insert("“\(word(&rng)) \(word(&rng))”", at: rng.int(below: words.count))
        case 7..<9: words.insert(#"C:\Program Files\Forge\\#(word(&rng)).toml"#, at: rng.int(below: words.count))
        case 9..<11: words.append(":\n\(word(&rng))\t\(rng.int(below: 1000))\n\(word(&rng))\t\(rng.int(below: 1000))")
        case 11..<13: words.append(rng.pick(Vocabulary.emoji))
        case 13..<15: words.insert("'\(word(&rng))'", at: rng.int(below: words.count))
        default: break
        }
        var sentence = words.joined(separator: rng.chance(0.1) ? ", " : " ")
        if let first = sentence.first { sentence = first.uppercased() + sentence.dropFirst() }
        let end = rng.int(below: 20)
        return sentence + (end == 0 ? "?" : end == 1 ? "!" : ".")
    }

    static func word(_ rng: inout SeededRandom) -> String {
        if rng.chance(0.05) { return rng.pick(Vocabulary.unusual) }
        if rng.chance(0.03) { return String(rng.int(below: 10_000)) }
        return rng.pick(Vocabulary.common)
    }
}
