import Foundation

/// A title reduced to what people reliably write: lower case, no accents or punctuation, `&` as `and`, no leading
/// (or trailing, as in "Matrix, The") article, and the release year taken apart.
///
/// "The Green Mile (1999)", "green mile 1999" and "Green Mile, The" all have the key `green mile` and year 1999.
public struct TitleKey: Hashable, Sendable {
    /// The normalised words, joined by single spaces.
    public let text: String
    /// The year written with the title (in parentheses or as its last word), if any.
    public let year: Int?
    /// Whether a leading or trailing article was dropped.
    public let hadArticle: Bool

    private static let articles: Set<String> = ["the", "a", "an"]

    /// The key of `title` as written.
    public init(_ title: some StringProtocol) {
        var words = Self.words(of: title)
        var year: Int?
        if words.count > 1, let last = words.last, last.utf8.count == 4, let value = Int(last), (1880...2100).contains(value) {
            year = value
            words.removeLast()
        }
        var hadArticle = false
        if words.count > 1, Self.articles.contains(words[0]) {
            words.removeFirst()
            hadArticle = true
        } else if words.count > 1, words.last == "the" {
            words.removeLast()
            hadArticle = true
        }
        self.text = words.joined(separator: " ")
        self.year = year
        self.hadArticle = hadArticle
    }

    /// Lower-case words without accents; apostrophes vanish ("clara's" → "claras"), `&` becomes `and`, every other
    /// character that is not a letter or digit separates words.
    static func words(of text: some StringProtocol) -> [String] {
        let folded = String(text).folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil).lowercased()
        var words: [String] = []
        var word = String.UnicodeScalarView()
        func flush() {
            if !word.isEmpty { words.append(String(word)) }
            word.removeAll()
        }
        for scalar in folded.unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                word.append(scalar)
            } else if scalar == "'" || scalar == "\u{2019}" {
                continue
            } else if scalar == "&" {
                flush()
                words.append("and")
            } else {
                flush()
            }
        }
        flush()
        return words
    }
}
