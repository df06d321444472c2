/// A conservative check that a text is already in NFKC, so the common case skips
/// Foundation's normaliser (which dominated profiles: it round-trips through UTF-16 per text).
///
/// A scalar passes when it is in NFKC already and cannot compose with a neighbour: ASCII, Latin-1
/// and Latin Extended-A letters, Greek and Cyrillic letters, typographic punctuation, arrows,
/// symbols, CJK ideographs, kana, Hangul syllables and emoji (with ZWJ and VS16). Anything else
/// (combining marks, ligatures, full-width forms, super/subscripts, `…`, `™`) sends the whole text
/// to the full normaliser. A test checks every admitted scalar against Foundation's NFKC.
enum NFKCQuickCheck {
    @inline(__always)
    static func isStable(_ value: UInt32) -> Bool {
        if value < 0xA0 { return true }
        return admittedRanges.contains { $0.contains(value) }
    }

    /// The ranges admitted besides ASCII (checked in order of how common they are in practice).
    static let admittedRanges: [ClosedRange<UInt32>] = [
        0xC0...0xFF, 0x0100...0x0131, 0x0134...0x013E, 0x0141...0x0148, 0x014A...0x017E,
        0x2010...0x2010, 0x2012...0x2015, 0x2018...0x2019, 0x201C...0x201D, 0x2020...0x2022, 0x2030...0x2030,
        0x2039...0x203A, 0x20A0...0x20A7, 0x20A9...0x20BF, 0x2190...0x21FF, 0x2200...0x222B, 0x2500...0x25FF, 0x2600...0x27BF,
        0x1F300...0x1FAFF, 0x1F1E6...0x1F1FF, 0x200D...0x200D, 0xFE0F...0xFE0F,
        0xA1...0xA7, 0xA9...0xA9, 0xAB...0xAE, 0xB0...0xB1, 0xB6...0xB7, 0xBB...0xBB, 0xBF...0xBF,
        0x0386...0x0386, 0x0388...0x038A, 0x038C...0x038C, 0x038E...0x03A1, 0x03A3...0x03CE, 0x0400...0x045F,
        0x3001...0x3002, 0x300C...0x300F, 0x3041...0x3096, 0x30A1...0x30FA, 0x30FC...0x30FE,
        0x4E00...0x9FFF, 0xAC00...0xD7A3,
    ]

    /// Unicode's White_Space property: a fixed set, far cheaper than a property lookup.
    @inline(__always)
    static func isWhitespace(_ value: UInt32) -> Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }
}
