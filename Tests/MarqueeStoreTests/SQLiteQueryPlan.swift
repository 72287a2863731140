import GRDB

/// SQLite's plan of a query on the store file at `path` (`EXPLAIN QUERY PLAN`), one line per step, for the tests that
/// check a read's cost does not grow with the history (a `SEARCH` through an index rather than a `SCAN`).
func sqliteQueryPlan(of sql: String, arguments: StatementArguments, at path: String) async throws -> [String] {
    let queue = try DatabaseQueue(path: path)
    defer { try? queue.close() }
    return try await queue.read { db in
        try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
    }
}
