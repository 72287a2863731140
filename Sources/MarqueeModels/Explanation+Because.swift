import MarqueeCore

extension Explanation {
    /// The user-facing sentence: the exploration reason for an explored slot; else "because you watched X and Y", naming the (at most two) watched movies that
    /// contributed most to the score ("because you said you like X and Y" for a warm start's stated likes); the
    /// strongest other reason that raised the score when no movie did (else the strongest reason); `nil` without reasons.
    public func because(title: (MovieID) -> String = Explanation.readableTitle) -> String? {
        if let first = reasons.first, first.text == Reason.explorationText { return first.text }
        let contributing = reasons.filter { $0.contribution > 0 && $0.movie != nil }.prefix(2)
        let movies = contributing.compactMap(\.movie).map(title)
        if !movies.isEmpty {
            let stated = contributing.allSatisfy { $0.text.hasPrefix(Reason.statedLikePrefix) }
            return (stated ? Reason.statedLikePrefix : "because you watched ") + movies.joined(separator: " and ")
        }
        return (reasons.first { $0.contribution > 0 } ?? reasons.first)?.text
    }

    /// A slug made readable: `the+matrix+1999` → `the matrix (1999)`.
    public static func readableTitle(_ movie: MovieID) -> String {
        var words = movie.slug.split(separator: "+").map(String.init)
        guard let last = words.last, last.count == 4, Int(last) != nil, words.count > 1 else { return words.joined(separator: " ") }
        words.removeLast()
        return words.joined(separator: " ") + " (\(last))"
    }
}

extension Explanation.Reason {
    /// How a warm start's reason for a movie the user said they like begins.
    public static let statedLikePrefix = "because you said you like "
    /// The reason of a slot given to exploration (``ExplorationRecommender``).
    public static let explorationText = "exploration: shown to learn whether you like it"
}
