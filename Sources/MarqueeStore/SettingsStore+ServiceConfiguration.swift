import Foundation
import MarqueeCore

extension SettingsStore {
    /// The name under which the service configuration is recorded.
    static var serviceConfigurationSetting: String { "service" }

    /// The service configuration recorded in the store, or `nil` when the store was never configured.
    /// - Throws: ``StoreError`` `.corrupt` when the recorded value does not read as a configuration.
    public func recordedServiceConfiguration() async throws(StoreError) -> ServiceConfiguration? {
        guard let text = try await setting(Self.serviceConfigurationSetting) else { return nil }
        return try Self.decode(text)
    }

    /// The service configuration every command using this store works with: the one recorded in the store, or, in a
    /// store never configured, `given` (the older variant's defaults when `nil`), which is then recorded.
    ///
    /// - Parameters:
    ///   - given: the configuration the command was given (a file, the environment, or compatible flags), if any.
    ///   - source: where `given` came from, for the message of a conflict, e.g. `--service-config newer.json`.
    ///   - now: the wall time recorded with it.
    /// - Throws: ``StoreError`` `.configurationConflict` when `given` differs from the recorded configuration, naming
    ///   the differences and how to change the store's configuration deliberately.
    public func agreedServiceConfiguration(given: ServiceConfiguration?, source: String, now: WallTime) async throws(StoreError)
        -> ServiceConfiguration
    {
        if let recorded = try await recordedServiceConfiguration() {
            try Self.check(given, source: source, against: recorded)
            return recorded
        }
        let proposed = given ?? ServiceConfiguration()
        let text = try await recordSettingIfAbsent(Self.serviceConfigurationSetting, value: proposed.json, now: now)
        let recorded = try Self.decode(text)
        // Another process may have configured the store meanwhile, differently.
        try Self.check(given, source: source, against: recorded)
        return recorded
    }

    /// Records `configuration` as the store's, replacing the one recorded: a deliberate change (`marquee config set`).
    public func replaceServiceConfiguration(with configuration: ServiceConfiguration, now: WallTime) async throws(StoreError) {
        try await replaceSetting(Self.serviceConfigurationSetting, value: configuration.json, now: now)
    }

    private static func check(_ given: ServiceConfiguration?, source: String, against recorded: ServiceConfiguration) throws(StoreError) {
        guard let given, given != recorded else { return }
        let differences = recorded.differences(from: given).joined(separator: "; ")
        throw StoreError(
            .configurationConflict,
            "\(source) differs from the service configuration recorded in the store (store → given: \(differences)); "
                + "every command on a store uses the store's configuration: leave \(source) out, "
                + "or change the store's deliberately with 'marquee config set --store STORE --service-config FILE' "
                + "(see 'marquee config show --store STORE')")
    }

    private static func decode(_ text: String) throws(StoreError) -> ServiceConfiguration {
        do {
            return try ServiceConfiguration(json: Data(text.utf8), source: "the store's service configuration")
        } catch {
            throw StoreError(
                .corrupt,
                "the service configuration recorded in the store does not read (\(error.message)); "
                    + "record a good one with 'marquee config set --store STORE --service-config FILE'")
        }
    }
}
