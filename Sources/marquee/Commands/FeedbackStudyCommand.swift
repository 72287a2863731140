import ArgumentParser
import Foundation
import MarqueeCore
import MarqueeLab

/// `marquee feedback-study`: weeks of simulated service with weekly retraining, once per exploration share.
struct FeedbackStudyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedback-study",
        abstract: "Show a feedback loop forming under pure exploitation, and exploration weakening it, over simulated weeks.",
        discussion: """
            Runs the built-in simulator once per exploration share, from the same warm-up: each week the model is retrained \
            on everything the arm logged and serves the next week's users in-process, with the share of every list drawn \
            from the whole catalogue. Measures per week the Gini coefficients of recommendation slots and of watches, the \
            genres users watch, and follow-through; writes study.json and index.html (charts) into --out.
            """)

    @OptionGroup var loggingOptions: LoggingOptions

    @Option(name: .long, help: ArgumentHelp("Directory for each arm's store and logs, the report and its charts.", valueName: "directory"))
    var out = "marquee-feedback-study"

    @Option(name: .long, help: "Weeks of serving with weekly retraining.")
    var weeks = 8

    @Option(name: .long, help: ArgumentHelp("Comma-separated exploration shares, one arm each; 0 is pure exploitation.", valueName: "shares"))
    var exploration = "0,0.2"

    @Option(name: .long, help: "The model retrained every week: als, item-knn, bpr or popularity.")
    var model = "als"

    @Option(name: .long, help: "Simulated users.")
    var users = 3_000

    @Option(name: .long, help: "Simulated movies.")
    var movies = 400

    @Option(name: .customLong("warm-up-days"), help: "Days of browsing before the first model.")
    var warmUpDays = 3

    @Option(name: .long, help: "Seed of the simulated service.")
    var seed: UInt64 = 42

    @Flag(name: .long, help: "Print the report as JSON.")
    var json = false

    func validate() throws {
        _ = try shares()
        guard (2...104).contains(weeks), (100...1_000_000).contains(users), (50...100_000).contains(movies), (1...60).contains(warmUpDays) else {
            throw CommandFailure("--weeks must be 2...104, --users 100...1000000, --movies 50...100000, --warm-up-days 1...60")
        }
    }

    func run() async throws {
        let logger = loggingOptions.makeLogger("marquee.feedback-study")
        let configuration = FeedbackLoopStudyConfiguration(
            users: users, movies: movies, warmUpDays: warmUpDays, weeks: weeks, modelKind: model,
            modelParameters: model == "als" ? ["factors": "32", "iterations": "10"] : [:], explorationShares: try shares(), seed: seed, directory: out
        )
        let quiet = json
        let report = try await FeedbackLoopStudy(configuration: configuration, logger: logger).run { step in
            if !quiet { print("• \(step)") }
        }
        let encoded = try JSONText.encode(report)
        do {
            try encoded.write(toFile: out + "/study.json", atomically: true, encoding: .utf8)
            try report.html().write(toFile: out + "/index.html", atomically: true, encoding: .utf8)
        } catch {
            throw CommandFailure("cannot write the study into \(out): \(error.localizedDescription)")
        }
        if json {
            print(encoded)
        } else {
            print(Self.summary(of: report) + "\nwrote \(out)/study.json and \(out)/index.html")
        }
    }

    private func shares() throws -> [Double] {
        let values = exploration.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0.map { (0...1).contains($0) } ?? false }) else {
            throw CommandFailure("--exploration takes comma-separated shares between 0 and 1, e.g. 0,0.2; got '\(exploration)'")
        }
        return values.compactMap { $0 }
    }

    static func summary(of report: FeedbackLoopStudyReport) -> String {
        var lines = [
            "\(report.weeks) weeks of \(report.users) users and \(report.movies) movies, \(report.model) retrained weekly (\(Int(report.elapsedSeconds)) s)"
        ]
        for arm in report.arms {
            let looped = arm.weeks.dropFirst()
            lines.append(
                String(
                    format: "exploration %.0f %%: recommendation Gini %.3f (week 1) → %.3f (week %d), %+.4f a week; watch Gini %+.4f a week; "
                        + "genres in 7 days %.2f → %.2f; follow-through %.1f %%",
                    arm.explorationShare * 100, looped.first?.recommendationGini ?? .nan, looped.last?.recommendationGini ?? .nan,
                    looped.last?.week ?? 0, arm.loopSlopePerWeek ?? .nan, arm.watchLoopSlopePerWeek ?? .nan, looped.first?.meanGenres ?? .nan,
                    looped.last?.meanGenres ?? .nan, arm.followThrough * 100))
        }
        return lines.joined(separator: "\n")
    }
}
