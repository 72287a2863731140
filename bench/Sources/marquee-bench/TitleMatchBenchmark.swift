import Foundation
import MarqueeCore
import MarqueeModels
import MarqueeSimulator

/// Title matching at the reference catalogue size: index build time, then self-descriptions matched per second and
/// the share of named liked titles found exactly.
struct TitleMatchBenchmark {
    let movies: Int
    let users: Int

    func run() throws {
        var configuration = SimulatorConfiguration(users: users, movies: movies, days: 0, seed: 7)
        configuration.selfDescriptionShare = 1
        let simulator = try Simulator(configuration: configuration)
        let described = (0..<users).compactMap { UserID(Int64($0)).flatMap(simulator.user) }
        let clock = ContinuousClock()
        var matcher: TitleMatcher?
        let build = clock.measure { matcher = TitleMatcher(movies: simulator.catalogue.movies.movies) }
        guard let matcher else { throw BenchError("no matcher") }
        var tastes: [UserID: StatedTaste] = [:]
        let matching = clock.measure { tastes = StatedTaste.index(users: described, matcher: matcher) }
        var named = 0, found = 0
        for user in described {
            guard let truth = simulator.selfDescriptions.statedMovies(of: user.id) else { continue }
            named += truth.liked.count
            found += Set(truth.liked).intersection(tastes[user.id]?.liked.map(\.movie) ?? []).count
        }
        report("title-index-build", build.inSeconds * 1000, "ms", "\(movies) titles")
        report("self-descriptions-matched", Double(users) / max(matching.inSeconds, 1e-9), "users/s", "one core, \(users) users")
        report("liked-titles-found", 100 * Double(found) / Double(max(named, 1)), "%", "\(found) of \(named)")
    }
}
