import MarqueeCore

/// How people write movie titles in a free-text answer: varied case, the year in parentheses, bare or left out,
/// "the" dropped, punctuation missing, now and then a one-letter typo; separated by commas, "and" or line breaks.
enum MentionStyle {
    /// `movies` written as one answer.
    static func list(_ movies: [Movie], using rng: inout some RandomNumberGenerator) -> String {
        let mentions = movies.map { mention(of: $0, using: &rng) }
        guard mentions.count > 1 else { return mentions.first ?? "" }
        let separator = [", ", ",", "\n", "; ", ", "][rng.below(5)]
        let last = rng.chance(0.5) ? " and " : separator
        return mentions.dropLast().joined(separator: separator) + last + (mentions.last ?? "")
    }

    /// One title as a person might write it.
    static func mention(of movie: Movie, using rng: inout some RandomNumberGenerator) -> String {
        var text = movie.title ?? movie.id.slug.replacingPluses()
        if text.hasPrefix("The "), rng.chance(0.5) { text.removeFirst(4) }
        if rng.chance(0.5) { text.removeAll { $0 == ":" || $0 == "'" } }
        if rng.chance(0.15) { text = typo(in: text, using: &rng) }
        switch rng.below(10) {
        case 0..<4: text = text.lowercased()
        case 4: text = text.uppercased()
        default: break
        }
        if let year = movie.releaseDate?.prefix(4) {
            switch rng.below(10) {
            case 0..<3: text += " (\(year))"
            case 3: text += " \(year)"
            default: break
            }
        }
        return text
    }

    /// `text` with one letter dropped, doubled, replaced or swapped with the next, inside a word of 5 or more letters
    /// (never its first letter); unchanged when it has no such word.
    static func typo(in text: String, using rng: inout some RandomNumberGenerator) -> String {
        var characters = Array(text)
        var candidates: [Int] = []
        var wordStart = 0
        for index in 0...characters.count {
            if index == characters.count || !characters[index].isLetter {
                if index - wordStart >= 5 { candidates += Array((wordStart + 1)..<(index - 1)) }
                wordStart = index + 1
            }
        }
        guard !candidates.isEmpty else { return text }
        let position = candidates[rng.below(candidates.count)]
        switch rng.below(4) {
        case 0: characters.remove(at: position)
        case 1: characters.insert(characters[position], at: position)
        case 2:
            // Another lower-case letter than the one replaced.
            let letter = characters[position].asciiValue.map { $0 >= 97 && $0 <= 122 ? $0 - 97 : 0 } ?? 0
            characters[position] = Character(Unicode.Scalar(97 + (letter + UInt8(1 + rng.below(25))) % 26))
        default: characters.swapAt(position, position + 1)
        }
        return String(characters)
    }
}

extension String {
    fileprivate func replacingPluses() -> String { String(map { $0 == "+" ? " " : $0 }) }
}
