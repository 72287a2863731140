import MarqueeCore

/// The registry is where a canary lives: its version is at the ``ModelStage/canary`` stage and its last stage change
/// holds its share of users, so every replica following the registry serves it to the same users. Whatever starts,
/// re-shares, promotes or ends a canary records it through these, each in one transaction (see
/// ``RegistryStore/changeStages(_:_:)``).
extension RegistryStore {
    /// The version now serving as a canary, or `nil`: the one whose canary stage was recorded last, should several be
    /// at that stage (starting a canary ends the one before, so there is at most one). Its share of users is
    /// ``ModelVersionRecord/canaryShare``.
    public func canaryVersion() async throws(StoreError) -> ModelVersionRecord? {
        try await versions().latest(at: .canary)
    }

    /// Records registered `version` as the canary serving `share` of users, and the canary before it, if another, as
    /// rejected (replaced before it was judged); with a `fence`, only while its lease has not passed to another holder.
    /// - Throws: `StoreError.notFound` when `version` is not registered, `.staleLease` when `fence`'s lease passed on.
    public func startCanary(
        _ version: String, share: Double, at: WallTime, eventTime: EventTime? = nil, reason: String, fence: LeaseFence? = nil
    ) async throws(StoreError) {
        try await changeStages("starting canary \(version)", fence: fence) { versions throws(StoreError) in
            var changes = [VersionStageChange(version, StageChange(stage: .canary, at: at, eventTime: eventTime, reason: reason, share: share))]
            if let previous = versions.latest(at: .canary), previous.version != version {
                changes.append(
                    VersionStageChange(
                        previous.version,
                        StageChange(stage: .rejected, at: at, eventTime: eventTime, reason: "canary replaced by \(version) before it was judged")))
            }
            return changes
        }
    }

    /// Records that canary `version` serves `share` of users from now on; with a `fence`, only while its lease has not
    /// passed to another holder.
    /// - Throws: `StoreError.notFound` when `version` is not the registry's canary, `.staleLease` when `fence`'s lease
    ///   passed on.
    public func changeCanaryShare(
        of version: String, to share: Double, at: WallTime, reason: String, fence: LeaseFence? = nil
    ) async throws(StoreError) {
        try await changeStages("changing the share of canary \(version)", fence: fence) { versions throws(StoreError) in
            guard versions.latest(at: .canary)?.version == version else {
                throw StoreError(.notFound, "\(version) is not the registry's canary; `marquee registry list` shows the stages")
            }
            return [VersionStageChange(version, StageChange(stage: .canary, at: at, reason: reason, share: share))]
        }
    }

    /// Records canary `version` as production for everyone, and the production version before it as retired
    /// (see ``promote(_:at:eventTime:reason:fence:)``).
    /// - Throws: `StoreError.notFound` when `version` is not registered, `.staleLease` when `fence`'s lease passed on.
    public func promoteCanary(
        _ version: String, at: WallTime, eventTime: EventTime? = nil, reason: String, fence: LeaseFence? = nil
    ) async throws(StoreError) {
        try await promote(version, at: at, eventTime: eventTime, reason: reason, fence: fence)
    }

    /// Records canary `version` as rejected (rolled back): its users get production again on every replica. With a
    /// `fence`, only while its lease has not passed to another holder.
    /// - Throws: `StoreError.notFound` when `version` is not registered, `.staleLease` when `fence`'s lease passed on.
    public func endCanary(
        _ version: String, at: WallTime, eventTime: EventTime? = nil, reason: String, fence: LeaseFence? = nil
    ) async throws(StoreError) {
        try await changeStages("ending canary \(version)", fence: fence) { _ throws(StoreError) in
            [VersionStageChange(version, StageChange(stage: .rejected, at: at, eventTime: eventTime, reason: reason))]
        }
    }
}
