import MarqueeCore
import MarqueeModels
import MarqueeStore

extension ModelVersionRecord {
    /// A version serving this one's artifact re-ranked against `tradeOff` with `weight` (see ``TradeOffRecommender``):
    /// same artifact and provenance, named `<version>-<trade-off><weight>` (e.g. `v3-als-cost0.5`), a candidate.
    public func trading(_ tradeOff: TradeOff, weight: Double, now: WallTime, eventTime: EventTime?) -> ModelVersionRecord {
        var derived = self
        derived.version = "\(version)-\(tradeOff.rawValue)\(weight)"
        derived.createdAt = now
        derived.hyperparameters[tradeOff.weightKey] = String(weight)
        derived.trigger = "\(tradeOff.rawValue)-aware"
        derived.stages = [
            StageChange(
                stage: .candidate, at: now, eventTime: eventTime, reason: "\(version) re-ranked against \(tradeOff.rawValue) with weight \(weight)")
        ]
        return derived
    }

    /// The trade-offs this version applies, with their weights.
    public var tradeOffs: [(TradeOff, Double)] {
        TradeOff.allCases.compactMap { tradeOff in
            hyperparameters[tradeOff.weightKey].flatMap(Double.init).flatMap { $0 > 0 ? (tradeOff, $0) : nil }
        }
    }
}
