import MarqueeCore

/// Settings that every command and process using a store must agree on, kept in the store itself: the service
/// configuration (see ``MarqueeCore/ServiceConfiguration``), recorded when the store is first configured.
public protocol SettingsStore: Sendable {
    /// The value recorded under `name`, or `nil` when none was.
    func setting(_ name: String) async throws(StoreError) -> String?

    /// Records `value` under `name` unless a value is recorded already, in one statement, so that of two processes
    /// configuring a new store at once, one wins and both learn which.
    /// - Returns: the value recorded under `name` afterwards: `value`, or the one recorded before.
    func recordSettingIfAbsent(_ name: String, value: String, now: WallTime) async throws(StoreError) -> String

    /// Records `value` under `name`, replacing what was recorded: a deliberate change (`marquee config set`).
    func replaceSetting(_ name: String, value: String, now: WallTime) async throws(StoreError)
}
