import MarqueeCore
import MarqueeQuality
import MarqueeSimulator
import MarqueeTestSupport
import Testing

/// The drift checks against the simulator's scenarios, where the answer is known: each disturbance is caught by its
/// check, and the undisturbed service raises nothing.
@Suite(.dedicatedThreads)
struct ScenarioDriftTests {
    /// Days 0–2 are the reference, days 3–4 the recent window; scenarios start on day 3.
    private static func checks(seed: UInt64 = 3, scenarios: [Scenario] = []) async throws -> [DriftCheck] {
        var configuration = SimulatorFixtures.configuration(seed: seed, users: 1_500, movies: 200, days: 5)
        configuration.scenarios = scenarios
        let simulator = try Simulator(configuration: configuration)
        let (lines, _) = try await SimulatorFixtures.log(configuration)
        let events = SimulatorFixtures.events(lines)
        let shiftStart = configuration.start.adding(seconds: 3 * 86_400)
        var genres: [MovieID: [String]] = [:]
        for movie in simulator.catalogue.movies.movies { genres[movie.id] = movie.genres.map(\.name) }
        var users: [UserID: User] = [:]
        for index in 0..<Int64(configuration.users) {
            if let id = UserID(index), let user = simulator.catalogue.users.user(id) { users[id] = user }
        }
        return DriftDetector().checks(
            reference: DriftWindow(events: events.filter { $0.time < shiftStart }),
            recent: DriftWindow(events: events.filter { $0.time >= shiftStart }), genres: genres, users: users)
    }

    private static func drifted(_ checks: [DriftCheck]) -> [String] { checks.filter(\.drifted).map(\.name) }

    @Test(arguments: [3, 17, 29] as [UInt64])
    func theUndisturbedServiceRaisesNoDrift(seed: UInt64) async throws {
        let checks = try await Self.checks(seed: seed)
        #expect(checks.count >= 7, "\(checks.map(\.name))")
        #expect(Self.drifted(checks).isEmpty, "\(checks.map { "\($0.name): PSI \($0.psi), p \($0.pValue ?? 1)" })")
    }

    @Test func aTasteShiftOfWomenIsCaughtByTheirGenreMix() async throws {
        let checks = try await Self.checks(scenarios: [.tasteShift(day: 3, group: try #require(DemographicGroup(parsing: "F")))])
        #expect(Self.drifted(checks).contains("genre mix of watched movies, women"), "\(checks.map { "\($0.name): \($0.psi)" })")
        #expect(!Self.drifted(checks).contains("genre mix of watched movies, men"))
    }

    @Test func aPopularityShockIsCaughtByItemPopularity() async throws {
        let checks = try await Self.checks(scenarios: [.popularityShock(day: 3)])
        #expect(Self.drifted(checks).contains("item popularity of watched movies"), "\(checks.map { "\($0.name): \($0.psi)" })")
    }
}
