import ArgumentParser
import Foundation
import MarqueeCore
import MarqueeStore

/// `marquee registry list`: the registered model versions with their provenance and stage history.
struct RegistryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry", abstract: "Inspect the model registry, and derive versions that apply a mitigation.",
        subcommands: [List.self, Runs.self, Derive.self, Promote.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List model versions with their stage history.")

        @OptionGroup var storeOptions: StoreOptions

        @Flag(name: .long, help: "Print JSON.")
        var json = false

        func validate() throws { try storeOptions.requireExistingStore() }

        func run() async throws {
            let versions = try await storeOptions.open().versions()
            if json {
                print(try JSONText.encode(versions.map(VersionJSON.init)))
                return
            }
            guard !versions.isEmpty else {
                print("no model versions registered yet: run `marquee pipeline run --store \(storeOptions.name) --models-dir DIR`")
                return
            }
            for version in versions {
                let ndcg = version.offlineMetrics["ndcg@20"].map { String(format: "%.4f", $0) } ?? "-"
                print(
                    "\(version.version)  \(version.stage.rawValue)  \(version.kind)  NDCG@20 \(ndcg)  snapshot \(version.snapshotID)  code \(version.codeVersion.prefix(12))\(version.codeDirty ? "+dirty" : "")"
                )
                for change in version.stages {
                    print("    \(change.at.iso8601)  \(change.stage.rawValue): \(change.reason)")
                }
            }
        }
    }

    struct Runs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "runs", abstract: "List pipeline runs: trigger, snapshot, choice, or why they stopped.")

        @OptionGroup var storeOptions: StoreOptions

        @Flag(name: .long, help: "Print JSON.")
        var json = false

        func validate() throws { try storeOptions.requireExistingStore() }

        func run() async throws {
            let runs = try await storeOptions.open().pipelineRuns()
            if json {
                print(try JSONText.encode(runs.map(PipelineRunJSON.init)))
                return
            }
            for run in runs {
                let result = run.chosen.map { "chose \($0)" } ?? "stopped: \(run.failure ?? "no choice")"
                print("\(run.startedAt.iso8601)  \(run.trigger)  \(run.snapshotID ?? "no snapshot")  \(result)")
            }
        }
    }
}

/// A pipeline run as the CLI prints it in JSON.
struct PipelineRunJSON: Encodable {
    var startedAt: String
    var eventTime: String?
    var trigger: String
    var snapshot: String?
    var chosen: String?
    var failure: String?
    var steps: [String]

    init(_ run: PipelineRunRecord) {
        startedAt = run.startedAt.iso8601
        eventTime = run.eventTime?.description
        trigger = run.trigger
        snapshot = run.snapshotID
        chosen = run.chosen
        failure = run.failure
        steps = run.steps
    }
}
