import MarqueeCore

/// The registry says which version is production, so every replica following it serves the same one. Whatever makes a
/// version production or rolls production back (`marquee registry promote`, the lifecycle controller, a replica's
/// admin API) records it through these, each in one transaction (see ``RegistryStore/changeStages(_:_:)``).
extension RegistryStore {
    /// Records registered `version` as production for everyone, and the production version before it, if another, as
    /// retired; with a `fence`, only while its lease has not passed to another holder.
    /// - Throws: `StoreError.notFound` when `version` is not registered, `.staleLease` when `fence`'s lease passed on.
    public func promote(
        _ version: String, at: WallTime, eventTime: EventTime? = nil, reason: String, fence: LeaseFence? = nil
    ) async throws(StoreError) {
        try await changeStages("promoting \(version)", fence: fence) { versions throws(StoreError) in
            var changes = [VersionStageChange(version, StageChange(stage: .production, at: at, eventTime: eventTime, reason: reason))]
            if let previous = versions.production, previous.version != version {
                changes.append(
                    VersionStageChange(previous.version, StageChange(stage: .retired, at: at, eventTime: eventTime, reason: "replaced by \(version)"))
                )
            }
            return changes
        }
    }

    /// The version that was production before the current one: the one retired last (a version is retired only when
    /// another replaces it as production), or `nil`.
    public func previousProductionVersion() async throws(StoreError) -> ModelVersionRecord? {
        try await versions().latest(at: .retired)
    }

    /// Records a rollback of production: `current` as rejected, and `previous` (see ``previousProductionVersion()``)
    /// as production again, together; with a `fence`, only while its lease has not passed to another holder.
    /// - Throws: `StoreError.notFound` when either is not registered, `.staleLease` when `fence`'s lease passed on;
    ///   nothing is recorded then.
    public func rollBack(
        _ current: String, to previous: String, at: WallTime, reason: String, fence: LeaseFence? = nil
    ) async throws(StoreError) {
        try await changeStages("rolling \(current) back to \(previous)", fence: fence) { _ throws(StoreError) in
            [
                VersionStageChange(current, StageChange(stage: .rejected, at: at, reason: reason)),
                VersionStageChange(previous, StageChange(stage: .production, at: at, reason: "restored: \(current) was rolled back")),
            ]
        }
    }
}
