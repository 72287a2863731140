import Foundation
import MarqueeCore
@testable import MarqueeSimulator
import MarqueeTestSupport
import Testing

struct SelfDescriptionsTests {
    private static func world(share: Double, seed: UInt64 = 41) throws -> Simulator {
        var configuration = SimulatorFixtures.configuration(seed: seed, users: 600, movies: 250)
        configuration.selfDescriptionShare = share
        return try Simulator(configuration: configuration)
    }

    private static func ids(_ count: Int) -> [UserID] { (0..<count).compactMap { UserID(Int64($0)) } }

    @Test func byDefaultNoUserDescribesThemselves() throws {
        let simulator = try Simulator(configuration: SimulatorFixtures.configuration(seed: 41, users: 200, movies: 100))
        #expect(Self.ids(200).allSatisfy { simulator.user($0)?.hasSelfDescription == false })
        #expect(!simulator.api.respond(to: "/user/7").text.contains("likes"))
    }

    @Test func theConfiguredShareOfUsersAnswers_deterministicallyPerSeed() throws {
        // Given two worlds with the same seed, and one with another
        let (first, again, other) = (try Self.world(share: 0.3), try Self.world(share: 0.3), try Self.world(share: 0.3, seed: 42))
        // When every user's record is read
        let answers = Self.ids(600).map { first.user($0) }
        // Then about 30 % answered, identically under the same seed and differently under another
        let answered = answers.filter { $0?.hasSelfDescription == true }.count
        #expect((140...220).contains(answered), "\(answered) of 600 answered")
        #expect(answers == Self.ids(600).map { again.user($0) })
        let answering = { (world: Simulator) in Self.ids(600).filter { world.user($0)?.hasSelfDescription == true } }
        #expect(answering(first) != answering(other))
    }

    @Test func usersNameOneToFourLikedMoviesOfHighTrueAffinity_andAtMostTwoDisliked() throws {
        let simulator = try Self.world(share: 1)
        var likedAffinity = 0.0, dislikedAffinity = 0.0, averageAffinity = 0.0, likedCount = 0, dislikedCount = 0
        for id in Self.ids(200) {
            let stated = try #require(simulator.selfDescriptions.statedMovies(of: id))
            #expect((1...4).contains(stated.liked.count))
            #expect((0...2).contains(stated.disliked.count))
            #expect(Set(stated.liked).isDisjoint(with: stated.disliked))
            let affinities = try #require(simulator.taste.affinities(of: id))
            averageAffinity += Double(affinities.reduce(0, +)) / Double(affinities.count)
            for movie in stated.liked { likedAffinity += try #require(simulator.taste.affinity(user: id, movie: movie, in: simulator.catalogue.movies)) }
            for movie in stated.disliked { dislikedAffinity += try #require(simulator.taste.affinity(user: id, movie: movie, in: simulator.catalogue.movies)) }
            likedCount += stated.liked.count
            dislikedCount += stated.disliked.count
        }
        // Liked movies are well above the users' average affinity, disliked ones below it
        #expect(likedAffinity / Double(likedCount) > averageAffinity / 200 + 0.5)
        #expect(dislikedAffinity / Double(dislikedCount) < averageAffinity / 200)
    }

    @Test func answersAreWrittenLikePeopleWrite() throws {
        // Given the answers of 300 users
        let simulator = try Self.world(share: 1)
        let texts = Self.ids(300).compactMap { simulator.user($0)?.likes }
        let titles = Set(simulator.catalogue.movies.movies.compactMap(\.title))
        // Then they vary: lower case, years in parentheses, several movies per line or per answer, not all verbatim titles
        #expect(texts.count == 300)
        #expect(texts.contains { $0 == $0.lowercased() && $0 != $0.uppercased() })
        #expect(texts.contains { $0.contains("(19") || $0.contains("(20") })
        #expect(texts.contains { $0.contains(" and ") } && texts.contains { $0.contains("\n") } && texts.contains { $0.contains(",") })
        #expect(texts.contains { !titles.contains($0) })
    }

    @Test func typoChangesOneLetterInsideALongWord() {
        var rng = SplitMix64(seed: 3)
        for _ in 0..<50 {
            let written = MentionStyle.typo(in: "The Silent Harbor", using: &rng)
            #expect(written.hasPrefix("The S") && written != "The Silent Harbor")
            #expect(abs(written.count - 17) <= 1)
        }
        #expect(MentionStyle.typo(in: "Up", using: &rng) == "Up")
    }

    @Test func theAPIAndUsersJSONLServeTheAnswers() throws {
        // Given a world where everyone answers
        let simulator = try Self.world(share: 1)
        let id = try #require(UserID(42))
        let user = try #require(simulator.user(id))
        // When user 42 is requested and the catalogue files are written
        let served = try JSONDecoder().decode(User.self, from: Data(simulator.api.respond(to: "/user/42").body))
        let folder = try FixtureDirectory()
        try simulator.writeCatalogue(to: folder.path)
        let lines = try String(contentsOfFile: folder.path("users.jsonl"), encoding: .utf8).split(separator: "\n")
        // Then both carry the same answers as the simulator's record
        #expect(user.likes?.isEmpty == false)
        #expect(served == user)
        #expect(try JSONDecoder().decode(User.self, from: Data(lines[42].utf8)) == user)
    }
}
