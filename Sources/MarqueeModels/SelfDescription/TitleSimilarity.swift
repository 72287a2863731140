/// The string measures title matching uses: character trigrams to find candidates, edit distance to judge them.
enum TitleSimilarity {
    /// The distinct trigrams of `text` padded with two leading and one trailing space (so short words and word starts
    /// count), each packed into the low 24 bits of a `UInt32`.
    static func trigrams(of text: String) -> [UInt32] {
        let bytes: [UInt8] = [0x20, 0x20] + Array(text.utf8) + [0x20]
        guard bytes.count >= 3 else { return [] }
        var grams = Set<UInt32>()
        for start in 0...(bytes.count - 3) {
            grams.insert(UInt32(bytes[start]) << 16 | UInt32(bytes[start + 1]) << 8 | UInt32(bytes[start + 2]))
        }
        return grams.sorted()
    }

    /// The optimal-string-alignment (restricted Damerau–Levenshtein) distance between `a` and `b`: insertions,
    /// deletions, substitutions and transpositions of adjacent characters each cost 1. Stops early and returns
    /// `limit + 1` once the distance must exceed `limit`.
    static func distance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        let width = b.count + 1
        var before = [Int](0..<width), previous = [Int](repeating: 0, count: width), current = [Int](repeating: 0, count: width)
        swap(&before, &previous)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { value = min(value, before[j - 2] + 1) }
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            if rowMinimum > limit { return limit + 1 }
            (before, previous, current) = (previous, current, before)
        }
        return previous[b.count]
    }

    /// The most edits a mention of `length` characters may be from a title and still name it: none below 4
    /// characters, one up to 8, two up to 15, three beyond.
    static func allowedEdits(length: Int) -> Int {
        switch length {
        case ..<4: 0
        case ..<9: 1
        case ..<16: 2
        default: 3
        }
    }
}
