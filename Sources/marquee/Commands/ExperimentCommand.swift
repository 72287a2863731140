import ArgumentParser
import Foundation
import MarqueeCore
import MarqueeEvaluation
import MarqueeLifecycle
import MarqueeStore

/// `marquee experiment start|status|stop`: A/B tests between registered model versions. Servers watching the same
/// store (`marquee serve --registry-poll`) route users into the arms.
struct ExperimentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "experiment", abstract: "Run A/B experiments between registered model versions.",
        subcommands: [Start.self, Status.self, Stop.self])

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "start",
            abstract: "Start an experiment; its planned size per arm is fixed now, from --baseline and --effect unless --planned is given.")

        @OptionGroup var storeOptions: StoreOptions

        @Option(name: .long, help: "The experiment's name: letters, digits, '-' or '_'.")
        var name: String

        @Option(name: .long, help: "The control arm's model version.")
        var control: String

        @Option(name: .long, help: "The treatment arm's model version.")
        var treatment: String

        @Option(name: .long, help: "Share of users (outside a canary) in the treatment arm.")
        var share = 0.5

        @Option(name: .long, help: "Answers per arm before any conclusion; default: enough to detect --effect at 80 % power.")
        var planned: Int?

        @Option(name: .long, help: "Expected follow-through of the control arm, for the planned size.")
        var baseline = 0.3

        @Option(name: .long, help: "Smallest absolute difference in follow-through worth detecting.")
        var effect = 0.05

        func validate() throws {
            try storeOptions.requireExistingStore()
            guard (1...64).contains(name.utf8.count), name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
                throw CommandFailure("--name must be 1 to 64 letters, digits, '-' or '_', got '\(name)'")
            }
            guard share > 0, share < 1 else { throw CommandFailure("--share must be between 0 and 1, got \(share)") }
            if let planned, planned < 1 { throw CommandFailure("--planned must be at least 1, got \(planned)") }
            guard baseline > 0, baseline < 1, effect > 0, baseline + effect < 1 else {
                throw CommandFailure("--baseline and --effect must be in (0, 1) with baseline + effect < 1")
            }
        }

        func run() async throws {
            let store = try await storeOptions.open()
            let perArm: Int
            if let planned {
                perArm = planned
            } else {
                do throws(EvaluationError) {
                    perArm = try requiredSampleSize(baseline: baseline, effect: effect)
                } catch {
                    throw CommandFailure(error.message)
                }
            }
            let record = ExperimentRecord(
                name: name, control: control, treatment: treatment, share: share, plannedPerArm: perArm,
                startedAt: .now, since: try await store.currentSnapshotBounds().eventTimeTo)
            try await store.start(experiment: record)
            print(
                "experiment \(name) started: \(treatment) for \(Int(share * 100)) % of users, \(control) for the rest; \(perArm) answers per arm planned"
            )
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status", abstract: "Each arm's online metric with intervals, the tests, and whether a conclusion is allowed yet.")

        @OptionGroup var storeOptions: StoreOptions

        @Option(name: .long, help: "The experiment; default: the running one, else the latest.")
        var name: String?

        @Flag(name: .long, help: "Print JSON.")
        var json = false

        func validate() throws { try storeOptions.requireExistingStore() }

        func run() async throws {
            let store = try await storeOptions.open()
            let experiments = try await store.experiments()
            let chosen = name.map { name in experiments.first { $0.name == name } } ?? (experiments.last { $0.stoppedAt == nil } ?? experiments.last)
            guard let experiment = chosen else {
                throw CommandFailure(name.map { "no experiment named \($0) in \(storeOptions.name)" } ?? "no experiment in \(storeOptions.name) yet")
            }
            let report = try await ExperimentReport.of(experiment, in: store)
            if json {
                print(try JSONText.encode(ExperimentJSON(report)))
            } else {
                print(report.text)
            }
        }
    }

    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "stop", abstract: "Stop a running experiment; its users get production again.")

        @OptionGroup var storeOptions: StoreOptions

        @Option(name: .long, help: "The experiment to stop.")
        var name: String

        func validate() throws { try storeOptions.requireExistingStore() }

        func run() async throws {
            try await storeOptions.open().stopExperiment(named: name, at: .now)
            print("experiment \(name) stopped")
        }
    }
}

/// `marquee experiment status --json`.
struct ExperimentJSON: Encodable {
    var name: String
    var running: Bool
    var control: String
    var treatment: String
    var share: Double
    var analysis: ExperimentAnalysis
    var perUser: WelchTTest?
    var ratings: WelchTTest?

    init(_ report: ExperimentReport) {
        name = report.experiment.name
        running = report.experiment.stoppedAt == nil
        control = report.experiment.control
        treatment = report.experiment.treatment
        share = report.experiment.share
        analysis = report.analysis
        perUser = report.perUser
        ratings = report.ratings
    }
}
