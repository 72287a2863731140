/// Everything Marquee keeps in one store: the event log, the server's telemetry, the model registry, experiments, leases
/// and the online rollup.
///
/// Two implementations keep the same contract: ``SQLiteEventStore`` (one embedded file, the default) and
/// ``PostgresEventStore`` (a PostgreSQL database shared by several processes). ``StoreLocation`` opens either.
public protocol DataStore:
    EventStore, TelemetryStore, RegistryStore, ExperimentStore, LeaseStore, ForgettingStore, SettingsStore, OnlineRollupStore
{
    /// Where the store is, for messages: a file path, or a `postgres://` URL without its password.
    var location: String { get }

    /// Releases the store's files or connections; any later use of the store throws.
    func close() async throws(StoreError)
}

extension SQLiteEventStore: DataStore {}
