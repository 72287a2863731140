import ArgumentParser
import Foundation
import MarqueeCore
import MarqueeLifecycle
import MarqueeModels
import MarqueeStore

extension RegistryCommand {
    /// `marquee registry derive`: registers a candidate that serves a version's artifact with a mitigation applied.
    struct Derive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "derive",
            abstract: "Register a candidate serving a version's artifact re-ranked against cost or popularity, or with exploration.",
            discussion: """
                The derived version keeps the artifact, its checksum and provenance, and records the mitigation as a \
                hyperparameter, so every replica serves it the same way. Send it to canary or deploy it with the admin API.
                """)

        @OptionGroup var storeOptions: StoreOptions

        @Argument(help: "The registered version to derive from, e.g. v3-als.")
        var version: String

        @Option(name: .customLong("exploration-share"), help: "Share of each list drawn from the whole catalogue (0 < share ≤ 1).")
        var explorationShare: Double?

        @Option(name: .customLong("cost-weight"), help: "Weight of licence cost against predicted enjoyment (> 0).")
        var costWeight: Double?

        @Option(name: .customLong("exposure-weight"), help: "Weight of popularity against predicted enjoyment (> 0), spreading exposure.")
        var exposureWeight: Double?

        func validate() throws {
            try storeOptions.requireExistingStore()
            let chosen = [explorationShare, costWeight, exposureWeight].compactMap { $0 }
            guard chosen.count == 1 else {
                throw CommandFailure("give exactly one of --exploration-share, --cost-weight or --exposure-weight")
            }
            if let explorationShare, !(explorationShare > 0 && explorationShare <= 1) {
                throw CommandFailure("--exploration-share must be above 0 and at most 1, e.g. 0.1")
            }
            for weight in [costWeight, exposureWeight].compactMap({ $0 }) where !(weight > 0 && weight.isFinite) {
                throw CommandFailure("a trade-off weight must be a positive number, e.g. 0.5")
            }
        }

        func run() async throws {
            let store = try await storeOptions.open()
            let base = try await RegistryCommand.registered(version, in: store, storeName: storeOptions.name)
            let now = WallTime.now
            let derived: ModelVersionRecord
            if let explorationShare {
                derived = base.exploring(share: explorationShare, now: now, eventTime: nil)
            } else if let costWeight {
                derived = base.trading(.licenceCost, weight: costWeight, now: now, eventTime: nil)
            } else {
                derived = base.trading(.popularity, weight: exposureWeight ?? 0, now: now, eventTime: nil)
            }
            guard try await store.version(derived.version) == nil else {
                throw CommandFailure("\(derived.version) is registered already")
            }
            try await store.register(version: derived)
            print("registered \(derived.version) (candidate): \(base.version)'s artifact, \(derived.stages.last?.reason ?? "")")
            print("serve it: marquee registry promote \(derived.version) --store \(storeOptions.name)")
        }
    }
}
