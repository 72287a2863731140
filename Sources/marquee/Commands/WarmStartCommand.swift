import ArgumentParser
import Foundation
import MarqueeEvaluation
import MarqueeLab

/// `marquee warm-start`: measures the warm start from sign-up self-descriptions against the plain cold start.
struct WarmStartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warm-start",
        abstract: "Measure recommendations from new users' self-descriptions against the cold start, on the simulator.",
        discussion: """
            Simulates the service without recommendations (every user answers "What movies do you like / not like" at \
            sign-up), trains each model on the days before the cut-off, then, for the users who signed up after it, \
            compares the hit rate and recall@20 of their first watches between the model's demographic cold start and \
            its warm start from their matched titles. Also reports how many liked titles the title matcher found.
            """)

    @Option(name: .long, help: "Number of simulated users.") var users = WarmStartStudy.Configuration().users
    @Option(name: .long, help: "Number of simulated movies.") var movies = WarmStartStudy.Configuration().movies
    @Option(name: .long, help: "Days of training data before the cut-off.") var trainingDays = WarmStartStudy.Configuration().trainingDays
    @Option(name: .long, help: "Days after the cut-off in which new users' first watches are observed.")
    var followDays = WarmStartStudy.Configuration().followDays
    @Option(name: .long, help: "Model kinds, comma-separated.") var models = WarmStartStudy.Configuration().models.joined(separator: ",")
    @Option(name: .long, help: "Random seed of the world and the models.") var seed = WarmStartStudy.Configuration().seed

    func validate() throws {
        guard users >= 10, movies >= 10 else { throw CommandFailure("--users and --movies must be at least 10, got \(users) and \(movies)") }
        guard trainingDays >= 1, followDays >= 1 else {
            throw CommandFailure("--training-days and --follow-days must be at least 1, got \(trainingDays) and \(followDays)")
        }
    }

    func run() async throws {
        var configuration = WarmStartStudy.Configuration()
        configuration.users = users
        configuration.movies = movies
        configuration.trainingDays = trainingDays
        configuration.followDays = followDays
        configuration.models = models.split(separator: ",").map(String.init)
        configuration.seed = seed
        let result = try await WarmStartStudy(configuration: configuration).run()
        let likedShare = result.namedLikes == 0 ? 0 : Double(result.matchedLikes) / Double(result.namedLikes)
        var lines = [
            "training users: \(result.trainingUsers); new users with a self-description and a watch: \(result.newUsers)",
            "title matching: \(result.matchedLikes) of \(result.namedLikes) liked titles found (\(percent(likedShare))), "
                + "\(result.wrongMatches) mentions matched to a movie the user did not name",
            "model      users  hit@20 cold            hit@20 warm            recall@20 cold  recall@20 warm  per-user recall gain",
        ]
        for (model, comparison) in result.comparisons {
            lines.append(
                model.padding(toLength: 10, withPad: " ", startingAt: 0) + " "
                    + String(comparison.users).padding(toLength: 6, withPad: " ", startingAt: 0)
                    + estimate(comparison.cold.hitRate) + estimate(comparison.warm.hitRate)
                    + percent(comparison.cold.recall).padding(toLength: 16, withPad: " ", startingAt: 0)
                    + percent(comparison.warm.recall).padding(toLength: 16, withPad: " ", startingAt: 0)
                    + String(
                        format: "%+.1f [%+.1f, %+.1f] points", gain(comparison), comparison.recallGain.lower * 100, comparison.recallGain.upper * 100)
            )
        }
        print(lines.joined(separator: "\n"))
    }

    private func gain(_ comparison: WarmStartComparison) -> Double { (comparison.warm.recall - comparison.cold.recall) * 100 }

    private func percent(_ value: Double) -> String { String(format: "%.1f %%", value * 100) }

    private func estimate(_ value: ProportionEstimate) -> String {
        let text =
            "\(percent(value.rate)) [\(String(format: "%.1f", value.interval.lower * 100)), \(String(format: "%.1f", value.interval.upper * 100))]"
        return text.padding(toLength: 23, withPad: " ", startingAt: 0)
    }
}
