import MarqueeCore
import MarqueeSimulator
import MarqueeTestSupport
import Testing

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
}
