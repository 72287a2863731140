import MarqueeCore
import MarqueeSimulator
import MarqueeTestSupport
import Testing

@testable import MarqueeQuality

@Suite(.dedicatedThreads)
struct ShillingDetectorTests {
    private typealias F = LogFixture

    /// Each (user, movie)'s latest rating and last event time.
    static func interactions(_ events: [Event]) -> [RatedInteraction] {
        var latest: [String: RatedInteraction] = [:]
        for event in events {
            switch event.kind {
            case .watch(let movie, _):
                let key = "\(event.user)|\(movie)"
                latest[key] = RatedInteraction(user: event.user, movie: movie, rating: latest[key]?.rating, time: event.time)
            case .rate(let movie, let rating):
                latest["\(event.user)|\(movie)"] = RatedInteraction(user: event.user, movie: movie, rating: rating, time: event.time)
            case .recommendation, .accountCreated:
                continue
            }
        }
        return Array(latest.values)
    }

    /// Four simulated days of 1,500 users, with the given scenarios.
    private static func simulated(seed: UInt64 = 11, scenarios: [Scenario]) async throws -> (Simulator, [RatedInteraction]) {
        var configuration = SimulatorFixtures.configuration(seed: seed, users: 1_500, movies: 200, days: 4)
        configuration.scenarios = scenarios
        let (lines, _) = try await SimulatorFixtures.log(configuration)
        return (try Simulator(configuration: configuration), interactions(SimulatorFixtures.events(lines)))
    }

    @Test func theShillingScenarioIsFoundWithItsTargetAndAccounts() async throws {
        let (simulator, interactions) = try await Self.simulated(scenarios: [.shilling(day: 2, accounts: 30)])
        let attack = simulator.shillingAttack(accounts: 30)
        let report = ShillingDetector().detect(interactions, maximumRating: 5)
        #expect(report.targeted.map(\.movie) == [attack.target], "\(report.targeted)")
        #expect(report.targeted.first?.direction == .push)
        #expect(report.targeted.first?.fillers.count == 3, "the three popular fillers")
        let found = Set(report.suspiciousAccounts)
        #expect(found.isSubset(of: Set(attack.accounts)), "innocent accounts flagged: \(found.subtracting(attack.accounts))")
        #expect(found.count == 30, "found \(found.count) of 30")
    }

    @Test(arguments: [11, 23] as [UInt64])
    func theUndisturbedServiceRaisesNoShillingAlarm(seed: UInt64) async throws {
        let (_, interactions) = try await Self.simulated(seed: seed, scenarios: [])
        #expect(ShillingDetector().detect(interactions, maximumRating: 5).targeted.isEmpty)
    }

    @Test func aNewBlockbusterIsNotMistakenForShilling() async throws {
        let (_, interactions) = try await Self.simulated(scenarios: [.popularityShock(day: 2)])
        #expect(ShillingDetector().detect(interactions, maximumRating: 5).targeted.isEmpty)
    }

    @Test func aCoordinatedDownVoteIsFoundAsAPull() throws {
        // 25 fresh accounts rate heat+1995 1 star within an hour, beside 40 ordinary ratings over 20 days
        var interactions = (0..<25).map {
            RatedInteraction(user: F.user(1_000 + Int64($0)), movie: F.movie("heat+1995"), rating: 1, time: F.time(5 * 86_400 + $0 * 60))
        }
        interactions += (0..<40).map {
            RatedInteraction(user: F.user(Int64($0)), movie: F.movie("heat+1995"), rating: 2 + $0 % 4, time: F.time($0 * 43_200))
        }
        interactions += (0..<40).flatMap { user in
            (0..<10).map { RatedInteraction(user: F.user(Int64(user)), movie: F.movie("m\($0)+2000"), rating: nil, time: F.time(user * 43_200)) }
        }
        let report = ShillingDetector().detect(interactions, maximumRating: 5)
        #expect(report.targeted.map(\.direction) == [.pull])
        #expect(report.suspiciousAccounts == (1_000..<1_025).map { F.user($0) })
    }

    @Test func poissonTailMatchesAReferenceValue() {
        // P(X ≥ 5 | mean 1) = 1 − Σ_{k<5} e^-1/k! = 0.0036598
        #expect(abs(ShillingDetector.poissonTail(atLeast: 5, mean: 1) - 0.0036598) < 1e-6)
    }
}
