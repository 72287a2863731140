import Logging
import MarqueeCore
import NIOCore
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
        let server = "\(location.host):\(location.port)"
        self.server = server
        let logger = logger ?? Logger(label: "marquee.store.postgres") { _ in SwiftLogNoOpLogHandler() }
        self.logger = logger
        // One connection of its own first: it fails at once with the server's reason (refused, credentials, no such
        // database), where the pool would retry in the background; the schema is migrated on it.
        let keys: [String: Int64]
        do {
            keys = try await Self.prepare(location, configuration: configuration, logger: logger)
        } catch {
            throw StoreError.postgres(error, location: location.description, server: server, code: .migrationFailed, while: "opening the store")
        }
        var clientConfiguration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.username, password: location.password, database: location.database,
            tls: Self.tls(location))
        clientConfiguration.options.maximumConnections = max(1, configuration.maximumConnections)
        clientConfiguration.options.connectTimeout = configuration.connectTimeout
        let client = PostgresClient(configuration: clientConfiguration, backgroundLogger: logger)
        self.client = client
        // The pool works only while `run()` runs; this task is the store's, ended by `close()`. The store is handed out
        // once the task has begun, so the first query does not find the pool idle.
        let (started, starting) = AsyncStream<Void>.makeStream()
        running = Task {
            starting.finish()
            await client.run()
        }
        for await _ in started {}
        movieKeys.replace(with: keys)
    }

    /// Connects once, migrates the schema and reads the movie keys.
    private static func prepare(
        _ location: PostgresLocation, configuration: PostgresStoreConfiguration, logger: Logger
    ) async throws -> [String: Int64] {
        var connectionConfiguration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.username, password: location.password, database: location.database,
            tls: try connectionTLS(location))
        connectionConfiguration.options.connectTimeout = .milliseconds(Int64(configuration.connectTimeout / .milliseconds(1)))
        let connection = try await PostgresConnection.connect(configuration: connectionConfiguration, id: 0, logger: logger)
        do {
            try await PostgresMigrator.migrate(on: connection, location: location.description, logger: logger)
            let rows = try await connection.query("SELECT key, slug FROM movies", logger: logger).decode((Int64, String).self).collectAll()
            try await connection.close()
            return Dictionary(rows.map { ($0.1, $0.0) }) { _, last in last }
        } catch {
            try? await connection.close()
            throw error
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

    /// As libpq's sslmode: `prefer` and `require` encrypt without checking the server's certificate; `verify-ca` checks
    /// that a trusted authority (the location's root certificate, else the system's) signed it; `verify-full` also that
    /// it names the host.
    private static func tlsConfiguration(_ location: PostgresLocation) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch location.tls {
        case .disable, .prefer, .require:
            configuration.certificateVerification = .none
        case .verifyCA:
            configuration.certificateVerification = .noHostnameVerification
        case .verifyFull:
            configuration.certificateVerification = .fullVerification
        }
        if let file = location.rootCertificate { configuration.trustRoots = .file(file) }
        return configuration
    }

    private static func tls(_ location: PostgresLocation) -> PostgresClient.Configuration.TLS {
        switch location.tls {
        case .disable: .disable
        case .prefer: .prefer(tlsConfiguration(location))
        case .require, .verifyCA, .verifyFull: .require(tlsConfiguration(location))
        }
    }

    private static func connectionTLS(_ location: PostgresLocation) throws -> PostgresConnection.Configuration.TLS {
        switch location.tls {
        case .disable: .disable
        case .prefer: .prefer(try NIOSSLContext(configuration: tlsConfiguration(location)))
        case .require, .verifyCA, .verifyFull: .require(try NIOSSLContext(configuration: tlsConfiguration(location)))
        }
    }

    // MARK: Access helpers

    /// Runs `body` on a pooled connection in a read-only snapshot (repeatable read), as SQLite reads are: queries
    /// of one read see the same committed state, so movies read first cover the events read next.
    func read<T: Sendable>(_ action: String, _ body: (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        let logger = logger
        do {
            return try await client.withConnection { connection in
                try await connection.query("START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
                do {
                    let result = try await body(connection)
                    try await connection.query("COMMIT", logger: logger)
                    return result
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: logger)
                    throw error
                }
            }
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
