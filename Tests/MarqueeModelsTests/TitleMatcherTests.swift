import Foundation
import MarqueeCore
import MarqueeModels
import MarqueeTestSupport
import Testing

@Suite(.dedicatedThreads)
struct TitleMatcherTests {
    private static func entry(_ slug: String, _ title: String, prominence: Double = 0) -> TitleMatcher.Entry {
        let year = slug.split(separator: "+").last.flatMap { Int($0) }
        return TitleMatcher.Entry(movie: MovieID(slug) ?? MovieID("x+2000")!, title: title, year: year, prominence: prominence)
    }

    private let matcher = TitleMatcher(entries: [
        entry("the+green+mile+1999", "The Green Mile"),
        entry("alien+1979", "Alien", prominence: 50),
        entry("aliens+1986", "Aliens", prominence: 40),
        entry("heat+1986", "Heat", prominence: 5),
        entry("heat+1995", "Heat", prominence: 900),
        entry("pride+and+prejudice+2005", "Pride and Prejudice"),
        entry("amelie+2001", "Amélie"),
        entry("clara's+last+winter+2010", "Clara's Last Winter"),
        entry("storm:+the+reckoning+2012", "Storm: The Reckoning"),
        entry("the+matrix+1999", "The Matrix"),
        entry("a+wolf+in+paris+2003", "A Wolf in Paris"),
        entry("sam+&+max+2016", "Sam & Max"),
        entry("the+heart+2022", "The Heart"),
        entry("the+fire+2008", "The Fire"),
        entry("heart+&+fire+2015", "Heart & Fire"),
    ])

    private func movie(_ mention: String) -> String? { matcher.match(mention: mention)?.movie.slug }

    @Test(arguments: [
        ("the green mile", "the+green+mile+1999"), ("GREEN MILE (1999)", "the+green+mile+1999"), ("Green Mile, The", "the+green+mile+1999"),
        ("green mile 1999", "the+green+mile+1999"), ("amelie", "amelie+2001"), ("claras last winter", "clara's+last+winter+2010"),
        ("storm the reckoning", "storm:+the+reckoning+2012"), ("matrix", "the+matrix+1999"), ("wolf in paris", "a+wolf+in+paris+2003"),
        ("sam and max", "sam+&+max+2016"),
    ])
    func matchesDespiteCasePunctuationArticlesAndYears(mention: String, slug: String) {
        #expect(movie(mention) == slug)
        #expect(matcher.match(mention: mention)?.confidence == 1)
    }

    @Test(arguments: [
        ("the grene mile", "the+green+mile+1999"), ("green mlie", "the+green+mile+1999"), ("the matrixx", "the+matrix+1999"),
        ("claras lsat winter", "clara's+last+winter+2010"), ("pride and prejudise", "pride+and+prejudice+2005"),
    ])
    func matchesOneLetterTyposWithLowerConfidence(mention: String, slug: String) throws {
        let match = try #require(matcher.match(mention: mention))
        #expect(match.movie.slug == slug)
        #expect(match.confidence < 1)
        #expect(match.confidence >= matcher.minimumConfidence)
    }

    @Test func typoInAShortTitleMatchesTheClosestTitleNotItsNeighbour() {
        // "alien" and "aliens" are one edit apart: the exact title wins over its neighbour
        #expect(movie("alien") == "alien+1979")
        #expect(movie("aliens") == "aliens+1986")
        #expect(movie("alein") == "alien+1979")
    }

    @Test func ambiguousTitleGoesToTheWrittenYear_elseTheMoreProminent() throws {
        #expect(movie("Heat (1986)") == "heat+1986")
        #expect(movie("heat 1995") == "heat+1995")
        let unsure = try #require(matcher.match(mention: "heat"))
        #expect(unsure.movie.slug == "heat+1995")
        #expect(unsure.confidence < 1)
    }

    @Test(arguments: ["the", "gladiator", "green", "mile", "a wolf in london", "xyz", "the green mile of doom", "at", "1999"])
    func unrelatedMentionsDoNotMatch(mention: String) {
        #expect(matcher.match(mention: mention) == nil)
    }

    @Test func splitsFreeTextAtCommasLinesAndAnd_butKeepsTitlesWithAnd() {
        let found = matcher.matches(in: "I really loved the green mile, Alien (1979) and heat\npride and prejudice; sam & max and gladiator etc")
        #expect(found.matched.map(\.movie.slug) == ["the+green+mile+1999", "alien+1979", "heat+1995", "pride+and+prejudice+2005", "sam+&+max+2016"])
        #expect(found.unmatched == ["gladiator"])
    }

    @Test func keepsATitleWithAndWhole_evenWhenItsPartsAreTitlesToo() {
        let found = matcher.matches(in: "Heart & Fire (2015), the fire\nheart and fire")
        #expect(found.matched.map(\.movie.slug) == ["heart+&+fire+2015", "the+fire+2008"])
        #expect(found.unmatched.isEmpty)
    }

    @Test func reportsAMovieNamedTwiceOnce() {
        let found = matcher.matches(in: "matrix, The Matrix (1999), matirx")
        #expect(found.matched.map(\.movie.slug) == ["the+matrix+1999"])
        #expect(found.matched.first?.confidence == 1)
    }

    @Test func emptyOrPunctuationOnlyTextNamesNothing() {
        #expect(matcher.matches(in: "") == TitleMatches(matched: [], unmatched: []))
        #expect(matcher.matches(in: " ,, ;\n").matched.isEmpty)
    }

    @Test func findsTypoedTitlesAmongNear_duplicatesInACatalogueOf27000() {
        // Given a catalogue at the reference scale whose titles share their words in groups of 16, told apart by a number
        let words = ["silent", "harbor", "golden", "river", "crimson", "night", "frozen", "garden", "iron", "kingdom", "wild", "echo"]
        let entries = (0..<27_000).map { index in
            let title = "\(words[index % 12]) \(words[(index / 12) % 12]) \(words[(index / 144) % 12]) \(index)"
            return TitleMatcher.Entry(
                movie: MovieID(title.replacingOccurrences(of: " ", with: "+") + "+2000") ?? MovieID("x+2000")!, title: title, year: 2000)
        }
        let large = TitleMatcher(entries: entries)
        // When 200 of them are written with their third letter dropped
        var correct = 0
        for index in stride(from: 0, to: 27_000, by: 135) {
            let title = entries[index].title
            if large.match(mention: String(title.prefix(2)) + String(title.dropFirst(3)))?.movie == entries[index].movie { correct += 1 }
        }
        // Then every one names its own movie, not a near-duplicate
        #expect(correct == 200)
    }
}
