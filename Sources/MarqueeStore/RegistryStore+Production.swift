import MarqueeCore

/// The registry says which version is production, so every replica following it serves the same one. Whatever makes a
/// version production or rolls production back (`marquee registry promote`, the lifecycle controller, a replica's
/// admin API) records it through these.
extension RegistryStore {
    /// Records registered `version` as production for everyone, and the production version before it, if another, as
    /// retired.
    /// - Throws: `StoreError.notFound` when `version` is not registered.
    public func promote(_ version: String, at: Int64, eventTime: EventTime? = nil, reason: String) async throws(StoreError) {
        let previous = try await productionVersion()
        try await record(StageChange(stage: .production, at: at, eventTime: eventTime, reason: reason), for: version)
        if let previous, previous.version != version {
            try await record(StageChange(stage: .retired, at: at, eventTime: eventTime, reason: "replaced by \(version)"), for: previous.version)
        }
    }

    /// The version that was production before the current one: the one retired last (a version is retired only when
    /// another replaces it as production), or `nil`.
    public func previousProductionVersion() async throws(StoreError) -> ModelVersionRecord? {
        try await latestVersion(at: .retired)
    }

    /// The version at `stage` whose stage change was recorded last (the later registered on a tie), or `nil`.
    func latestVersion(at stage: ModelStage) async throws(StoreError) -> ModelVersionRecord? {
        var latest: ModelVersionRecord?
        for version in try await versions() where version.stage == stage {
            if let current = latest, (current.stages.last?.at ?? 0) > (version.stages.last?.at ?? 0) { continue }
            latest = version
        }
        return latest
    }

    /// Records a rollback of production: `current` as rejected, then `previous` (see ``previousProductionVersion()``)
    /// as production again. Should the second write fail, the registry has no production version, and the replicas
    /// keep serving what they serve.
    /// - Throws: `StoreError.notFound` when either is not registered; nothing is recorded then.
    public func rollBack(_ current: String, to previous: String, at: Int64, reason: String) async throws(StoreError) {
        for name in [current, previous] where try await version(name) == nil {
            throw StoreError(.notFound, "\(name) is not registered; `marquee registry list` shows the versions")
        }
        try await record(StageChange(stage: .rejected, at: at, reason: reason), for: current)
        try await record(StageChange(stage: .production, at: at, reason: "restored: \(current) was rolled back"), for: previous)
    }
}
