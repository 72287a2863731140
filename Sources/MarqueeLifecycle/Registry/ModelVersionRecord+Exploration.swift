import MarqueeCore
import MarqueeModels
import MarqueeStore

extension ModelVersionRecord {
    /// A version serving this one's artifact with `share` of every list explored (see ``ExplorationRecommender``):
    /// same artifact and provenance, named `<version>-explore<share>` (e.g. `v3-als-explore0.1`), a candidate.
    public func exploring(share: Double, now: WallTime, eventTime: EventTime?) -> ModelVersionRecord {
        var derived = self
        derived.version = "\(version)-explore\(share)"
        derived.createdAt = now
        derived.hyperparameters[ExplorationRecommender.shareKey] = String(share)
        derived.trigger = "exploration"
        derived.stages = [
            StageChange(stage: .candidate, at: now, eventTime: eventTime, reason: "\(version) with \(share) of each list explored")
        ]
        return derived
    }

    /// The share of each list this version explores, when it explores.
    public var explorationShare: Double? {
        hyperparameters[ExplorationRecommender.shareKey].flatMap(Double.init).flatMap { $0 > 0 && $0 <= 1 ? $0 : nil }
    }

    /// A seed for the version's exploration draws that is the same in every replica and restart: FNV-1a of its name.
    public var explorationSeed: UInt64 {
        version.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}
