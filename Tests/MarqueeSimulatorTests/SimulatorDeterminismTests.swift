import MarqueeCore
import MarqueeSimulator
import MarqueeTestSupport
import Testing

@Suite(.dedicatedThreads)
struct SimulatorDeterminismTests {
    @Test func sameSeedGivesIdenticalBytes() async throws {
        // Given two simulators with the same configuration, faults included
        let configuration = SimulatorFixtures.configuration(seed: 7, faultRate: 0.01)

        // When both run
        let first = try await SimulatorFixtures.log(configuration)
        let second = try await SimulatorFixtures.log(configuration)

        // Then the logs are byte-identical and non-trivial
        #expect(first.lines.count > 1_000)
        #expect(first.lines == second.lines)
        #expect(first.summary == second.summary)
    }

    @Test func differentSeedGivesDifferentLog() async throws {
        // Given two configurations differing only in the seed
        // When both run
        let first = try await SimulatorFixtures.log(SimulatorFixtures.configuration(seed: 1))
        let second = try await SimulatorFixtures.log(SimulatorFixtures.configuration(seed: 2))

        // Then the logs differ
        #expect(first.lines != second.lines)
    }

    @Test func sameSeedIsDeterministicWithConcurrentProvider() async throws {
        // Given a deterministic provider called with many requests in flight
        let configuration = SimulatorFixtures.configuration(seed: 3)
        let simulator = try Simulator(configuration: configuration)
        let provider = OracleRecommendations(simulator: simulator)

        // When the simulation runs twice
        let first = try await SimulatorFixtures.log(configuration, provider: provider)
        let second = try await SimulatorFixtures.log(configuration, provider: provider)

        // Then the answers, arriving in any order, give the same log
        #expect(first.summary.requests > 100)
        #expect(first.lines == second.lines)
    }

    @Test func faultRateDoesNotChangeTheUnderlyingEvents() async throws {
        // Given the same world with and without faults
        // When both run
        let clean = try await SimulatorFixtures.log(SimulatorFixtures.configuration(seed: 5, faultRate: 0))
        let faulty = try await SimulatorFixtures.log(SimulatorFixtures.configuration(seed: 5, faultRate: 0.02))

        // Then the sessions simulated are the same; only the lines written differ
        #expect(clean.summary.sessions == faulty.summary.sessions)
        #expect(clean.summary.moviesStarted == faulty.summary.moviesStarted)
        #expect(faulty.summary.faultCount > 0)
    }

    @Test func laterRunContinuesTheScenario() async throws {
        // Given a scenario whose new accounts are created over 4 days
        var configuration = SimulatorFixtures.configuration(seed: 8, days: 2, newAccountShare: 0.2)
        configuration.accountGrowthDays = 4

        // When days 0–1 run, then days 2–3 in a second run
        let first = try await SimulatorFixtures.log(configuration)
        configuration.firstDay = 2
        let second = try await SimulatorFixtures.log(configuration)

        // Then the second run starts two days later, creates other accounts, and has its own daily pattern
        func accounts(_ lines: [[UInt8]]) -> Set<UserID> {
            Set(SimulatorFixtures.events(lines).filter { $0.kind == .accountCreated }.map(\.user))
        }
        let firstTimes = SimulatorFixtures.events(first.lines).map(\.time)
        let secondTimes = SimulatorFixtures.events(second.lines).map(\.time)
        let twoDays = configuration.start.adding(seconds: 2 * 86_400)
        #expect(firstTimes.allSatisfy { $0 < twoDays.adding(seconds: 86_400) })
        #expect(secondTimes.allSatisfy { $0 >= twoDays })
        #expect(!accounts(first.lines).isEmpty && !accounts(second.lines).isEmpty)
        #expect(accounts(first.lines).isDisjoint(with: accounts(second.lines)))
        #expect(accounts(first.lines).union(accounts(second.lines)).count == 60)
    }
}
