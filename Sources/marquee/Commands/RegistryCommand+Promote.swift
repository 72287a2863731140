import ArgumentParser
import Foundation
import MarqueeCore
import MarqueeStore

extension RegistryCommand {
    /// `marquee registry promote`: makes a registered version production; every `marquee serve --store` replica's
    /// deployment applier loads it (checksum checked) and swaps atomically at its next poll.
    struct Promote: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "promote",
            abstract: "Make a registered version production; the replicas following the registry switch to it.",
            discussion: "The version that served before is recorded as retired. Use it after a canary or an experiment has made the case.")

        @OptionGroup var storeOptions: StoreOptions

        @Argument(help: "The registered version to serve, e.g. v3-als-explore0.1.")
        var version: String

        @Option(name: .long, help: "Why, recorded in the version's stage history.")
        var reason = "promoted by an operator"

        func validate() throws { try storeOptions.requireExistingStore() }

        func run() async throws {
            let store = try await storeOptions.open()
            let record = try await RegistryCommand.registered(version, in: store, storeName: storeOptions.name)
            guard record.stage != .rejected else {
                throw CommandFailure("\(version) was rejected (\(record.stages.last?.reason ?? "")); derive or train a new version instead")
            }
            let previous = try await store.productionVersion()
            guard previous?.version != version else {
                print("\(version) is production already")
                return
            }
            let now = WallTime.now
            try await store.promote(version, at: now, reason: reason)
            print(
                "\(version) is production\(previous.map { "; \($0.version) retired" } ?? ""); replicas following the registry switch at their next poll"
            )
        }
    }

    /// The registered version named `version`, or a failure saying how to list them.
    static func registered(_ version: String, in store: any RegistryStore, storeName: String) async throws -> ModelVersionRecord {
        guard let record = try await store.version(version) else {
            throw CommandFailure("no version '\(version)' in the registry; `marquee registry list --store \(storeName)` shows them")
        }
        return record
    }
}
