import Logging
import PostgresNIO

/// Brings a PostgreSQL store's schema up to date with ``PostgresSchema/steps``.
///
/// All missing steps are applied in one transaction under an advisory lock: two processes opening the same new
/// database at once migrate one after the other, and the second finds nothing left to do. Each applied step is
/// recorded in `marquee_migrations` with its version and name.
enum PostgresMigrator {
    /// Applies the missing steps on `connection`.
    ///
    /// Every statement goes through ``PostgresConnection/run(_:logger:)`` or ``PostgresConnection/allRows(_:logger:)``,
    /// with its own `BEGIN`, `COMMIT` and `ROLLBACK`, like the store's other transactions: a connection that closes
    /// while the migration waits (e.g. for another process's lock) fails the open at once instead of trapping in the
    /// async row sequence or never returning (`PostgresMigrationConnectionLossTests`).
    /// - Throws: ``StoreError`` `.corrupt` when the database holds tables of another application, `.migrationFailed`
    ///   when it was written by a newer Marquee; PostgreSQL's errors otherwise (the caller maps them).
    static func migrate(on connection: PostgresConnection, location: String, logger: Logger) async throws {
        try await connection.run("BEGIN", logger: logger)
        do {
            try await connection.run("SELECT pg_advisory_xact_lock(\(PostgresSchema.migrationLock))", logger: logger)
            let applied = try await appliedVersions(on: connection, location: location, logger: logger)
            if let newest = applied.max(), newest > PostgresSchema.steps.map(\.version).max() ?? 0 {
                throw StoreError(
                    .migrationFailed, "\(location) was written by a newer version of Marquee (schema version \(newest)); upgrade Marquee to use it")
            }
            for step in PostgresSchema.steps where !applied.contains(step.version) {
                for statement in step.statements {
                    try await connection.run(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.run("INSERT INTO marquee_migrations (version, name) VALUES (\(step.version), \(step.name))", logger: logger)
            }
            try await connection.run("COMMIT", logger: logger)
        } catch {
            if !connection.isClosed { try? await connection.run("ROLLBACK", logger: logger) }
            throw error
        }
    }

    /// The versions applied so far, creating the migrations table in a database without tables.
    private static func appliedVersions(on connection: PostgresConnection, location: String, logger: Logger) async throws -> Set<Int> {
        let tables = try await connection.allRows("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()", logger: logger)
            .decode(String.self)
        if !tables.contains(PostgresSchema.migrationsTable) {
            guard tables.isEmpty else {
                throw StoreError(
                    .corrupt,
                    "\(location) is not a Marquee store: its schema holds tables of another application "
                        + "(\(tables.sorted().prefix(3).joined(separator: ", "))); give Marquee a database of its own, e.g. createdb marquee")
            }
            try await connection.run(
                """
                CREATE TABLE marquee_migrations (
                    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                """, logger: logger)
            return []
        }
        return Set(try await connection.allRows("SELECT version FROM marquee_migrations", logger: logger).decode(Int.self))
    }
}
