import MarqueeCore

extension Explanation {
    /// The user-facing sentence: "because you watched X and Y", naming the (at most two) watched movies that
    /// contributed most to the score; the strongest other reason when no watched movie contributed; `nil` without reasons.
    public func because(title: (MovieID) -> String = Explanation.readableTitle) -> String? {
        let watched = reasons.filter { $0.contribution > 0 }.compactMap(\.movie).prefix(2).map(title)
        if !watched.isEmpty { return "because you watched " + watched.joined(separator: " and ") }
        return reasons.first?.text
    }

    /// A slug made readable: `the+matrix+1999` → `the matrix (1999)`.
    public static func readableTitle(_ movie: MovieID) -> String {
        var words = movie.slug.split(separator: "+").map(String.init)
        guard let last = words.last, last.count == 4, Int(last) != nil, words.count > 1 else { return words.joined(separator: " ") }
        words.removeLast()
        return words.joined(separator: " ") + " (\(last))"
    }
}
