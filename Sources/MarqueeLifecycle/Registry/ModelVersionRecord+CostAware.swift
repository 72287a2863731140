import MarqueeCore
import MarqueeModels
import MarqueeStore

extension ModelVersionRecord {
    /// A version serving this one's artifact re-ranked against licence cost with `weight` (see
    /// ``CostAwareRecommender``): same artifact and provenance, named `<version>-cost<weight>`, a candidate.
    public func costAware(weight: Double, now: Int64, eventTime: EventTime?) -> ModelVersionRecord {
        var derived = self
        derived.version = "\(version)-cost\(weight)"
        derived.createdAt = now
        derived.hyperparameters[CostAwareRecommender.weightKey] = String(weight)
        derived.trigger = "cost-aware"
        derived.stages = [
            StageChange(stage: .candidate, at: now, eventTime: eventTime, reason: "\(version) re-ranked against licence cost with weight \(weight)")
        ]
        return derived
    }
}
