extension TitleMatcher {
    /// The movies named in free text such as an answer to "What movies do you like?".
    ///
    /// The text is cut into pieces at line breaks, commas, semicolons, slashes and bars. A piece that names no movie
    /// closely as a whole is tried cut at its words "and" / "&" too, choosing the cut that names the most movies with
    /// the highest confidence, so "Pride and Prejudice" stays one title and "alien and heat" becomes two. A movie named
    /// twice is reported once, with its best confidence.
    public func matches(in text: String) -> TitleMatches {
        var matched: [TitleMatch] = []
        var unmatched: [String] = []
        for piece in Self.pieces(of: text) {
            let (found, missed) = matchPiece(piece)
            for match in found {
                if let position = matched.firstIndex(where: { $0.movie == match.movie }) {
                    if match.confidence > matched[position].confidence { matched[position] = match }
                } else {
                    matched.append(match)
                }
            }
            unmatched += missed
        }
        return TitleMatches(matched: matched, unmatched: unmatched)
    }

    /// The best reading of one piece: as one title when it names one closely ("Heart & Fire", though "The Heart"
    /// and "The Fire" exist too), else cut at those of its "and" words that name the most movies.
    private func matchPiece(_ words: [Substring]) -> (matched: [TitleMatch], unmatched: [String]) {
        let whole = match(mention: words.joined(separator: " "))
        if let whole, whole.confidence >= 0.9 { return ([whole], []) }
        let joints = words.indices.filter { index in
            index > 0 && index < words.count - 1 && (words[index].lowercased() == "and" || words[index] == "&")
        }
        // A reading is better when fewer words are left unmatched, then when it has fewer titles ("Heart & Fire", not
        // "Heart" and "Fire"), then when its matches are surer.
        var best: (rank: (Int, Int, Double), matched: [TitleMatch], unmatched: [String])?
        // Every subset of the joints (at most 2⁶ of them) is one way to cut the piece.
        let cuttable = Array(joints.prefix(6))
        for mask in 0..<(1 << cuttable.count) {
            var groups: [ArraySlice<Substring>] = []
            var start = 0
            for (bit, joint) in cuttable.enumerated() where mask & (1 << bit) != 0 {
                groups.append(words[start..<joint])
                start = joint + 1
            }
            groups.append(words[start...])
            var matched: [TitleMatch] = []
            var unmatched: [String] = []
            var unmatchedWords = 0
            for group in groups {
                let mention = group.joined(separator: " ")
                if let match = mask == 0 ? whole : match(mention: mention) {
                    matched.append(match)
                } else {
                    unmatched.append(mention)
                    unmatchedWords += group.count
                }
            }
            let rank = (unmatchedWords, groups.count, -matched.reduce(0) { $0 + $1.confidence })
            if best == nil || rank < best?.rank ?? rank { best = (rank, matched, unmatched) }
        }
        return best.map { ($0.matched, $0.unmatched) } ?? ([], [])
    }

    /// The pieces of `text` between separators, as words, without leading fillers ("and", "also", "i like", ...).
    static func pieces(of text: String) -> [[Substring]] {
        let separators: Set<Character> = ["\n", "\r\n", "\r", ",", ";", "/", "|", "\u{2022}"]
        let joining: Set<String> = ["and", "also", "or", "plus", "&"]
        let verbs: Set<String> = ["like", "liked", "love", "loved", "enjoy", "enjoyed", "hate", "hated", "dislike", "disliked", "really"]
        return text.split(whereSeparator: { separators.contains($0) }).compactMap { piece in
            var words = piece.split(whereSeparator: \.isWhitespace)
            while let first = words.first, words.count > 1, joining.contains(first.lowercased()) { words.removeFirst() }
            // "i like X", "I really loved X" (but not "I Am Legend").
            if words.count > 2, words[0].lowercased() == "i", verbs.contains(words[1].lowercased()) {
                words.removeFirst()
                while let first = words.first, words.count > 1, verbs.contains(first.lowercased()) { words.removeFirst() }
            }
            while let last = words.last, ["etc", "etc."].contains(last.lowercased()) || joining.contains(last.lowercased()) {
                words.removeLast()
            }
            return words.isEmpty ? nil : words
        }
    }
}

/// What free text names: the movies found, and the mentions that name none.
public struct TitleMatches: Hashable, Sendable {
    /// The movies found, in the order first written.
    public var matched: [TitleMatch]
    /// The mentions (trimmed) that name no movie of the catalogue.
    public var unmatched: [String]

    /// Creates the result.
    public init(matched: [TitleMatch], unmatched: [String]) {
        self.matched = matched
        self.unmatched = unmatched
    }
}
