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
    /// The pool's size: how many of its connections a restart of PostgreSQL can have left dead.
    private let maximumConnections: Int
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
        maximumConnections = max(1, configuration.maximumConnections)
        clientConfiguration.options.maximumConnections = maximumConnections
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
            let rows = try await connection.allRows("SELECT key, slug FROM movies", logger: logger).decode((Int64, String).self)
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
    ///
    /// When the connection dies (a PostgreSQL restart), the read fails at once with `.readFailed` and the pool drops
    /// the connection; the next call opens a new one once the server accepts it.
    func read<T: Sendable>(_ action: String, _ body: (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        do {
            return try await inTransaction("START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", body)
        } catch {
            throw StoreError.postgres(error, location: location, server: server, code: .readFailed, while: action)
        }
    }

    /// Runs `body` in one transaction on a pooled connection; nothing of it is kept when it throws.
    @discardableResult
    func write<T: Sendable>(_ action: String, _ body: (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        do {
            return try await inTransaction("BEGIN", body)
        } catch {
            throw StoreError.postgres(error, location: location, server: server, code: .writeFailed, while: action)
        }
    }

    /// Runs `body` between `start` and `COMMIT` on a pooled connection, rolling back when it throws.
    ///
    /// Not `PostgresClient.withTransaction`: its `BEGIN`, `COMMIT` and `ROLLBACK` are async queries, which postgres-nio
    /// may never answer once the connection has closed; these go through ``PostgresConnection/run(_:logger:)``, which
    /// fails when it closes. No `ROLLBACK` on a closed connection: the server has ended the transaction already.
    ///
    /// When `start` fails because the connection is gone, nothing has been done on it: the pool handed out a
    /// connection that PostgreSQL was ending (a restart ends every idle one at once, and the pool learns of each a
    /// moment later), so another is taken, up to once per connection the pool can hold. Seen once in
    /// `PostgresConnectionLossTests` (a read right after `pg_terminate_backend` failed with the connection closing); a
    /// connection lost after `start` fails the call instead, since a write's `COMMIT` may have reached the server.
    private func inTransaction<T: Sendable>(_ start: PostgresQuery, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        let logger = logger
        var tries = 0
        while true {
            tries += 1
            let another = tries <= maximumConnections
            do {
                return try await client.withConnection { connection in
                    do {
                        try await connection.run(start, logger: logger)
                    } catch  where another && Self.isConnectionLoss(error) {
                        throw DeadConnection()
                    }
                    do {
                        let result = try await body(connection)
                        try await connection.run("COMMIT", logger: logger)
                        return result
                    } catch {
                        if !connection.isClosed { try? await connection.run("ROLLBACK", logger: logger) }
                        throw error
                    }
                }
            } catch is DeadConnection {
                continue
            }
        }
    }
}

extension PostgresEventStore {
    /// Whether `error` says the connection is gone, not that the statement failed: it closed (``PostgresConnectionLost``,
    /// or postgres-nio's own errors for a closed or closing connection), or the server is ending it (SQLSTATE 57P01
    /// `admin_shutdown`, sent on a restart and by `pg_terminate_backend`; 57P02 `crash_shutdown`).
    fileprivate static func isConnectionLoss(_ error: any Error) -> Bool {
        if error is PostgresConnectionLost { return true }
        guard let psql = error as? PSQLError else { return false }
        if [.clientClosedConnection, .serverClosedConnection, .uncleanShutdown].contains(psql.code) { return true }
        return ["57P01", "57P02"].contains(psql.serverInfo?[.sqlState] ?? "")
    }
}

/// A pooled connection found closed before its transaction began; ``PostgresEventStore`` takes another.
private struct DeadConnection: Error {}
