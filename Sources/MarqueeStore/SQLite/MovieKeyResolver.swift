import GRDB

extension MovieKeyCache {
    /// Replaces the map with every slug of the SQLite `movies` table.
    func load(from db: Database) throws {
        var loaded: [String: Int64] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT key, slug FROM movies")
        while let row = try rows.next() {
            let key: Int64 = row[0]
            let slug: String = row[1]
            loaded[slug] = key
        }
        replace(with: loaded)
    }
}

/// Resolves slugs to keys within one write transaction, creating slug-only `movies` rows for new slugs.
struct MovieKeyResolver {
    private let known: [String: Int64]
    /// Keys created or looked up in this transaction; merged into the cache after commit.
    private(set) var added: [String: Int64] = [:]
    private let db: Database

    init(known: [String: Int64], db: Database) {
        self.known = known
        self.db = db
    }

    /// The key of `slug`, interning it if it is new.
    mutating func key(for slug: String) throws -> Int64 {
        if let key = known[slug] ?? added[slug] { return key }
        let insert = try db.cachedStatement(sql: "INSERT INTO movies (slug) VALUES (?) ON CONFLICT (slug) DO NOTHING")
        try insert.execute(arguments: [slug])
        let key: Int64
        if db.changesCount > 0 {
            key = db.lastInsertedRowID
        } else if let existing = try Int64.fetchOne(db.cachedStatement(sql: "SELECT key FROM movies WHERE slug = ?"), arguments: [slug]) {
            key = existing
        } else {
            throw DatabaseError(resultCode: .SQLITE_INTERNAL, message: "movie slug '\(slug)' could not be interned")
        }
        added[slug] = key
        return key
    }
}
