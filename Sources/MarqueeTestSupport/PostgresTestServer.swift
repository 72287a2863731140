import Foundation
import Logging
import MarqueeStore
import PostgresNIO

/// The PostgreSQL server the store tests run against, named by `MARQUEE_POSTGRES_URL`
/// (e.g. `postgres://marquee@127.0.0.1:55432/postgres`; `scripts/test.sh` starts one and sets it).
///
/// Each test gets a database of its own, created beside the URL's database and dropped afterwards. Without the
/// variable the PostgreSQL cases are left out, unless `MARQUEE_REQUIRE_DATA=1` (CI): then they run and fail loudly.
public enum PostgresTestServer {
    /// The variable naming the server.
    public static let variable = "MARQUEE_POSTGRES_URL"

    /// The URL, if set.
    public static var url: String? {
        ProcessInfo.processInfo.environment[variable].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether PostgreSQL cases run: the server is named, or its absence must fail.
    public static var enabled: Bool { url != nil || EvaluationDatasets.dataRequired }

    /// Why a PostgreSQL case cannot run.
    public static let unavailableMessage =
        "\(variable) is not set, and MARQUEE_REQUIRE_DATA=1 requires the PostgreSQL store tests: run scripts/test.sh, which starts "
        + "a throwaway PostgreSQL and sets it, or set \(variable)=postgres://user@host:port/postgres"

    /// Runs `body` with a new, empty database, dropped afterwards even when `body` throws.
    public static func withDatabase<T>(_ body: (PostgresLocation) async throws -> T) async throws -> T {
        guard let url else { throw TestSupportFailure(unavailableMessage) }
        let server = try PostgresLocation(url: url)
        let name = "marquee_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await execute("CREATE DATABASE \(name)", on: server)
        let result: T
        do {
            result = try await body(server.with(database: name))
        } catch {
            try? await execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", on: server)
            throw error
        }
        try await execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", on: server)
        return result
    }

    /// Runs one statement on `location`'s database over a connection of its own.
    public static func execute(_ sql: String, on location: PostgresLocation) async throws {
        _ = try await lines(of: sql, on: location)
    }

    /// Has the server end every other connection to `location`'s database, as a restart would, and waits (up to 5 s
    /// each) until their server processes have exited.
    public static func terminateConnections(to location: PostgresLocation) async throws {
        try await execute(
            """
            SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE datname = '\(location.database)' AND pid <> pg_backend_pid()
            """,
            on: location)
    }

    /// Runs `body` while a transaction of another connection to `location`'s database holds the transaction-level
    /// advisory lock `key` (as a process migrating the schema does), then ends that transaction.
    public static func holdingTransactionLock<T>(_ key: Int64, on location: PostgresLocation, _ body: () async throws -> T) async throws -> T {
        let logger = Logger(label: "marquee.tests.postgres") { _ in SwiftLogNoOpLogHandler() }
        let configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.username, password: location.password, database: location.database,
            tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 2, logger: logger)
        do {
            try await connection.query("BEGIN", logger: logger)
            try await connection.query("SELECT pg_advisory_xact_lock(\(key))", logger: logger)
            let result = try await body()
            try await connection.query("COMMIT", logger: logger)
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// Runs one query on `location`'s database over a connection of its own and returns the text of each row's first
    /// column, e.g. the lines of an `EXPLAIN`.
    public static func lines(of sql: String, on location: PostgresLocation) async throws -> [String] {
        let logger = Logger(label: "marquee.tests.postgres") { _ in SwiftLogNoOpLogHandler() }
        let configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.username, password: location.password, database: location.database,
            tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        var lines: [String] = []
        do {
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger) {
                guard let cell = row.first else { continue }
                lines.append((try? cell.decode(String.self)) ?? "")
            }
        } catch {
            try? await connection.close()
            throw TestSupportFailure("'\(sql)' failed on \(location): \(String(reflecting: error))")
        }
        try await connection.close()
        return lines
    }
}

/// A test fixture that could not be set up, with what to do about it.
public struct TestSupportFailure: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
