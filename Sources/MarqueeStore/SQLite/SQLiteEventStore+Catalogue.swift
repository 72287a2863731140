import Foundation
import GRDB
import MarqueeCore

extension SQLiteEventStore {
    /// Inserts or replaces user records.
    public func upsert(users: [User]) async throws(StoreError) {
        guard !users.isEmpty else { return }
        try await write("storing \(users.count) user records") { db, _ in
            let upsert = try db.cachedStatement(
                sql: """
                    INSERT INTO users (id, age, occupation, gender, likes, dislikes) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET age = excluded.age, occupation = excluded.occupation, gender = excluded.gender,
                        likes = excluded.likes, dislikes = excluded.dislikes
                    """)
            let forgotten = try SQLiteEventStore.forgottenIDs(db)
            for user in users where !forgotten.contains(user.id.rawValue) {
                try upsert.execute(arguments: [user.id.rawValue, user.age, user.occupation, user.gender, user.likes, user.dislikes])
            }
        }
    }

    /// Inserts or replaces movie records; a movie keeps its key, so stored events and interactions still refer to it.
    public func upsert(movies: [Movie]) async throws(StoreError) {
        guard !movies.isEmpty else { return }
        try await write("storing \(movies.count) movie records") { db, keys in
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let upsert = try db.cachedStatement(
                sql: """
                    INSERT INTO movies (slug, title, genres, runtime, popularity, release_date, vote_average, vote_count, budget, cost, record)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (slug) DO UPDATE SET
                        title = excluded.title, genres = excluded.genres, runtime = excluded.runtime,
                        popularity = excluded.popularity, release_date = excluded.release_date,
                        vote_average = excluded.vote_average, vote_count = excluded.vote_count,
                        budget = excluded.budget, cost = excluded.cost, record = excluded.record
                    """)
            for movie in movies {
                let genres = String(decoding: try encoder.encode(movie.genres), as: UTF8.self)
                let record = String(decoding: try encoder.encode(movie), as: UTF8.self)
                upsert.setUncheckedArguments([
                    movie.id.slug, movie.title, genres, movie.runtime, movie.popularity, movie.releaseDate,
                    movie.voteAverage, movie.voteCount, movie.budget, movie.cost, record,
                ])
                try upsert.execute()
                _ = try keys.key(for: movie.id.slug)
            }
        }
    }

    /// The ids of every stored user record.
    public func userIDs() async throws(StoreError) -> Set<UserID> {
        try await read("reading user ids") { db in
            var ids = Set<UserID>()
            let cursor = try Int64.fetchCursor(db, sql: "SELECT id FROM users")
            while let raw = try cursor.next() {
                if let id = UserID(raw) { ids.insert(id) }
            }
            return ids
        }
    }

    /// The ids of every movie record stored by ``upsert(movies:)``; slugs only seen in events are not included.
    public func movieIDs() async throws(StoreError) -> Set<MovieID> {
        try await read("reading movie ids") { db in
            var ids = Set<MovieID>()
            let cursor = try String.fetchCursor(db, sql: "SELECT slug FROM movies WHERE record IS NOT NULL")
            while let slug = try cursor.next() {
                if let id = MovieID(slug) { ids.insert(id) }
            }
            return ids
        }
    }

    /// Every movie record stored by ``upsert(movies:)``, ordered by slug.
    public func movies() async throws(StoreError) -> [Movie] {
        let location = location
        return try await read("reading movie records") { db in
            let decoder = JSONDecoder()
            var movies: [Movie] = []
            let cursor = try String.fetchCursor(db, sql: "SELECT record FROM movies WHERE record IS NOT NULL ORDER BY slug")
            while let record = try cursor.next() {
                do {
                    movies.append(try decoder.decode(Movie.self, from: Data(record.utf8)))
                } catch {
                    throw StoreError(
                        .corrupt, "a movie record in \(location) cannot be decoded; load the catalogue again to replace it", cause: error)
                }
            }
            return movies
        }
    }

    /// Every stored user record, ordered by id.
    public func users() async throws(StoreError) -> [User] {
        try await read("reading user records") { db in
            var users: [User] = []
            let rows = try Row.fetchCursor(db, sql: "SELECT id, age, occupation, gender, likes, dislikes FROM users ORDER BY id")
            while let row = try rows.next() {
                guard let id = UserID(row[0] as Int64) else { continue }
                users.append(User(id: id, age: row[1], occupation: row[2], gender: row[3], likes: row[4], dislikes: row[5]))
            }
            return users
        }
    }

    /// The users and movies that stored events name without a record, by index (see `SQLiteSchema.v9`): the users
    /// events name that `users` lacks, an anti-join on both primary keys, and the movies without a record, which
    /// exist only because a watch or rate event named them. Neither reads the events.
    public func catalogueGaps() async throws(StoreError) -> CatalogueGaps {
        try await read("finding users and movies without records") { db in
            var gaps = CatalogueGaps()
            let users = try Int64.fetchCursor(
                db, sql: "SELECT e.id FROM event_users e WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = e.id) ORDER BY e.id")
            while let raw = try users.next() {
                if let id = UserID(raw) { gaps.users.append(id) }
            }
            let movies = try String.fetchCursor(db, sql: "SELECT slug FROM movies WHERE record IS NULL ORDER BY slug")
            while let slug = try movies.next() {
                if let id = MovieID(slug) { gaps.movies.append(id) }
            }
            return gaps
        }
    }
}
