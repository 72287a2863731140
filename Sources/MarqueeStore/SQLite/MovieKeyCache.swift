import GRDB
import Synchronization

/// An in-memory map from movie slugs to the integer keys of the `movies` table, so the hot path of
/// ``SQLiteEventStore/store(_:)`` does not query the database for every event.
///
/// The map only ever holds keys of committed rows: writers add the keys they created after their
/// transaction committed (see ``SQLiteEventStore``), so a rolled-back batch cannot leave a dangling key.
final class MovieKeyCache: Sendable {
    private let keys: Mutex<[String: Int64]>

    init() {
        keys = Mutex([:])
    }

    /// The current map; a copy-on-write snapshot, cheap to take.
    var snapshot: [String: Int64] {
        keys.withLock { $0 }
    }

    /// Adds committed keys.
    func merge(_ newKeys: [String: Int64]) {
        guard !newKeys.isEmpty else { return }
        keys.withLock { keys in keys.merge(newKeys) { _, new in new } }
    }

    /// Replaces the map with every slug of the `movies` table.
    func load(from db: Database) throws {
        var loaded: [String: Int64] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT key, slug FROM movies")
        while let row = try rows.next() {
            let key: Int64 = row[0]
            let slug: String = row[1]
            loaded[slug] = key
        }
        keys.withLock { $0 = loaded }
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
