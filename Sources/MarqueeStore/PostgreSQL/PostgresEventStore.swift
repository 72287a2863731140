import Logging
import MarqueeCore
import NIOSSL
import PostgresNIO

/// Settings of a PostgreSQL store's connection pool.
public struct PostgresStoreConfiguration: Sendable {
    /// The most connections the pool opens.
    public var maximumConnections: Int
    /// How long to wait for the server to accept a connection.
    public var connectTimeout: Duration

    /// Creates settings.
    public init(maximumConnections: Int = 8, connectTimeout: Duration = .seconds(10)) {
        self.maximumConnections = maximumConnections
        self.connectTimeout = connectTimeout
    }
}

/// The shared event store: a PostgreSQL database, reached through a postgres-nio connection pool.
///
/// It keeps the same contract as ``SQLiteEventStore`` (the same test suite runs against both), so several ingest
/// workers, servers and the trainer can share one store. The store owns its ``PostgresClient`` and the task running
/// it: ``close()`` ends that task and the connections. The schema is brought up to date when the store opens.
public final class PostgresEventStore: DataStore {
    /// The database's URL, without the password.
    public let location: String
    /// `host:port`, for messages about reaching the server.
    let server: String
    let client: PostgresClient
    let logger: Logger
    let movieKeys = MovieKeyCache()
    private let running: Task<Void, Never>

    /// Opens the store in `location`'s database, creating the schema or bringing it up to date.
    ///
    /// - Parameters:
    ///   - location: the database; it must exist, and be empty or a Marquee store.
    ///   - configuration: the connection pool's settings.
    ///   - logger: where the pool logs its background work; `nil` for no log.
    /// - Throws: ``StoreError`` `.cannotOpen` when the server cannot be reached, refuses the credentials or has no such
    ///   database, `.corrupt` when the database holds another application's tables, `.migrationFailed` when the
    ///   schema cannot be updated.
    public init(location: PostgresLocation, configuration: PostgresStoreConfiguration = .init(), logger: Logger? = nil) async throws(StoreError) {
        self.location = location.description
        self.server = "\(location.host):\(location.port)"
        let logger = logger ?? Logger(label: "marquee.store.postgres") { _ in SwiftLogNoOpLogHandler() }
        self.logger = logger
        var clientConfiguration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.username, password: location.password, database: location.database,
            tls: Self.tls(location.tls))
        clientConfiguration.options.maximumConnections = max(1, configuration.maximumConnections)
        clientConfiguration.options.connectTimeout = configuration.connectTimeout
        let client = PostgresClient(configuration: clientConfiguration, backgroundLogger: logger)
        self.client = client
        // The pool works only while `run()` runs; this task is the store's, ended by `close()`.
        running = Task { await client.run() }
        do {
            try await client.withConnection { connection in
                try await PostgresMigrator.migrate(on: connection, location: location.description, logger: logger)
            }
            let keys = try await client.query("SELECT key, slug FROM movies", logger: logger).decode((Int64, String).self).collectAll()
            movieKeys.replace(with: Dictionary(keys.map { ($0.1, $0.0) }) { _, last in last })
        } catch {
            running.cancel()
            await running.value
            let mapped = StoreError.postgres(error, location: location.description, server: server, code: .migrationFailed, while: "opening the store")
            throw mapped
        }
    }

    deinit {
        running.cancel()
    }

    /// Closes the connections; any later use of this store throws.
    public func close() async {
        running.cancel()
        await running.value
    }

    private static func tls(_ mode: PostgresLocation.TLSMode) -> PostgresClient.Configuration.TLS {
        // As libpq's sslmode=prefer and require: encrypted, without checking the server's certificate.
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        switch mode {
        case .disable: return .disable
        case .prefer: return .prefer(configuration)
        case .require: return .require(configuration)
        }
    }

    // MARK: Access helpers

    /// Runs `body` on a pooled connection, outside a transaction.
    func read<T: Sendable>(_ action: String, _ body: (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        do {
            return try await client.withConnection { connection in try await body(connection) }
        } catch {
            throw StoreError.postgres(error, location: location, server: server, code: .readFailed, while: action)
        }
    }

    /// Runs `body` in one transaction on a pooled connection; nothing of it is kept when it throws.
    @discardableResult
    func write<T: Sendable>(_ action: String, _ body: (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch {
            throw StoreError.postgres(error, location: location, server: server, code: .writeFailed, while: action)
        }
    }
}
