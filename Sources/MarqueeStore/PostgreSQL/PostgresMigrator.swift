import Logging
import PostgresNIO

/// Brings a PostgreSQL store's schema up to date with ``PostgresSchema/steps``.
///
/// All missing steps are applied in one transaction under an advisory lock: two processes opening the same new
/// database at once migrate one after the other, and the second finds nothing left to do. Each applied step is
/// recorded in `marquee_migrations` with its version and name.
enum PostgresMigrator {
    /// Applies the missing steps on `connection`.
    /// - Throws: ``StoreError`` `.corrupt` when the database holds tables of another application, `.migrationFailed`
    ///   when it was written by a newer Marquee; PostgreSQL's errors otherwise (the caller maps them).
    static func migrate(on connection: PostgresConnection, location: String, logger: Logger) async throws {
        try await connection.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresSchema.migrationLock))", logger: logger)
            let applied = try await appliedVersions(on: connection, location: location, logger: logger)
            if let newest = applied.max(), newest > PostgresSchema.steps.map(\.version).max() ?? 0 {
                throw StoreError(
                    .migrationFailed, "\(location) was written by a newer version of Marquee (schema version \(newest)); upgrade Marquee to use it")
            }
            for step in PostgresSchema.steps where !applied.contains(step.version) {
                for statement in step.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO marquee_migrations (version, name) VALUES (\(step.version), \(step.name))", logger: logger)
            }
        }
    }

    /// The versions applied so far, creating the migrations table in a database without tables.
    private static func appliedVersions(on connection: PostgresConnection, location: String, logger: Logger) async throws -> Set<Int> {
        let tables = try await connection.query(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()", logger: logger
        ).decode(String.self).collectAll()
        if !tables.contains(PostgresSchema.migrationsTable) {
            guard tables.isEmpty else {
                throw StoreError(
                    .corrupt,
                    "\(location) is not a Marquee store: its schema holds tables of another application "
                        + "(\(tables.sorted().prefix(3).joined(separator: ", "))); give Marquee a database of its own, e.g. createdb marquee")
            }
            try await connection.query(
                """
                CREATE TABLE marquee_migrations (
                    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                """, logger: logger)
            return []
        }
        return Set(try await connection.query("SELECT version FROM marquee_migrations", logger: logger).decode(Int.self).collectAll())
    }
}

extension AsyncSequence {
    /// Every element, in order.
    func collectAll() async throws -> [Element] {
        var elements: [Element] = []
        for try await element in self { elements.append(element) }
        return elements
    }
}
