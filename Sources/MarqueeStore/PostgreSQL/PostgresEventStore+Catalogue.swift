import Foundation
import Logging
import MarqueeCore
import PostgresNIO

extension PostgresEventStore {
    /// Inserts or replaces user records (one statement per 10,000).
    public func upsert(users: [User]) async throws(StoreError) {
        guard !users.isEmpty else { return }
        let logger = logger
        try await write("storing \(users.count) user records") { connection in
            for start in stride(from: 0, to: users.count, by: 10_000) {
                // The last record of an id wins, as when they are upserted one by one.
                var latest: [Int64: User] = [:]
                for user in users[start..<min(start + 10_000, users.count)] { latest[user.id.rawValue] = user }
                let chunk = latest.values.sorted { $0.id < $1.id }
                let ids = chunk.map(\.id.rawValue), ages = chunk.map { Int64($0.age ?? 0) }, hasAge = chunk.map { $0.age != nil }
                let occupations = chunk.map { PostgresText.clean($0.occupation ?? "") }, hasOccupation = chunk.map { $0.occupation != nil }
                let genders = chunk.map { PostgresText.clean($0.gender ?? "") }, hasGender = chunk.map { $0.gender != nil }
                let likes = chunk.map { PostgresText.clean($0.likes ?? "") }, hasLikes = chunk.map { $0.likes != nil }
                let dislikes = chunk.map { PostgresText.clean($0.dislikes ?? "") }, hasDislikes = chunk.map { $0.dislikes != nil }
                try await connection.run(
                    """
                    INSERT INTO users (id, age, occupation, gender, likes, dislikes)
                    SELECT i, CASE WHEN ha THEN a END, CASE WHEN ho THEN o END, CASE WHEN hg THEN g END,
                        CASE WHEN hl THEN l END, CASE WHEN hd THEN d END FROM unnest(
                        \(ids)::int8[], \(ages)::int8[], \(hasAge)::bool[], \(occupations)::text[], \(hasOccupation)::bool[],
                        \(genders)::text[], \(hasGender)::bool[], \(likes)::text[], \(hasLikes)::bool[], \(dislikes)::text[],
                        \(hasDislikes)::bool[]) AS u(i, a, ha, o, ho, g, hg, l, hl, d, hd)
                    WHERE NOT EXISTS (SELECT 1 FROM forgotten_users f WHERE f.id = u.i)
                    ON CONFLICT (id) DO UPDATE SET age = excluded.age, occupation = excluded.occupation, gender = excluded.gender,
                        likes = excluded.likes, dislikes = excluded.dislikes
                    """, logger: logger)
            }
        }
    }

    /// Inserts or replaces movie records (kept as JSON); a movie keeps its key, so stored events and interactions
    /// still refer to it.
    public func upsert(movies: [Movie]) async throws(StoreError) {
        guard !movies.isEmpty else { return }
        let (logger, movieKeys) = (logger, movieKeys)
        var latest: [String: String] = [:]
        for movie in movies { latest[movie.id.slug] = PostgresText.clean(try StoreJSON.text(movie)) }
        let sorted = latest.sorted { $0.key < $1.key }
        let added = try await write("storing \(movies.count) movie records") { connection in
            var keys: [String: Int64] = [:]
            for start in stride(from: 0, to: sorted.count, by: 10_000) {
                let chunk = sorted[start..<min(start + 10_000, sorted.count)]
                let slugs = chunk.map(\.key), records = chunk.map(\.value)
                let rows = try await connection.allRows(
                    """
                    INSERT INTO movies (slug, record) SELECT * FROM unnest(\(slugs)::text[], \(records)::text[])
                    ON CONFLICT (slug) DO UPDATE SET record = excluded.record
                    RETURNING key, slug
                    """, logger: logger)
                for (key, slug) in try rows.decode((Int64, String).self) { keys[slug] = key }
            }
            return keys
        }
        movieKeys.merge(added)
    }

    /// The ids of every stored user record.
    public func userIDs() async throws(StoreError) -> Set<UserID> {
        let logger = logger
        return try await read("reading user ids") { connection in
            Set(try await connection.allRows("SELECT id FROM users", logger: logger).decode(Int64.self).compactMap { UserID($0) })
        }
    }

    /// The ids of every movie record stored by ``upsert(movies:)``; slugs only seen in events are not included.
    public func movieIDs() async throws(StoreError) -> Set<MovieID> {
        let logger = logger
        return try await read("reading movie ids") { connection in
            Set(
                try await connection.allRows("SELECT slug FROM movies WHERE record IS NOT NULL", logger: logger).decode(String.self)
                    .compactMap { (slug: String) in MovieID(slug) })
        }
    }

    /// Every movie record stored by ``upsert(movies:)``, ordered by slug.
    public func movies() async throws(StoreError) -> [Movie] {
        let (logger, location) = (logger, location)
        return try await read("reading movie records") { connection in
            let decoder = JSONDecoder()
            var movies: [Movie] = []
            let rows = try await connection.allRows("SELECT record FROM movies WHERE record IS NOT NULL ORDER BY slug COLLATE \"C\"", logger: logger)
            for record in try rows.decode(String.self) {
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
        let logger = logger
        return try await read("reading user records") { connection in
            var users: [User] = []
            let rows = try await connection.allRows(
                "SELECT id, age, occupation, gender, likes, dislikes FROM users ORDER BY id", logger: logger)
            for (id, age, occupation, gender, likes, dislikes) in try rows.decode((Int64, Int?, String?, String?, String?, String?).self) {
                guard let id = UserID(id) else { continue }
                users.append(User(id: id, age: age, occupation: occupation, gender: gender, likes: likes, dislikes: dislikes))
            }
            return users
        }
    }

    /// The users and movies that stored events name without a record, by index (see `PostgresSchema.v6`): the users
    /// events name that `users` lacks, an anti-join on both primary keys, and the movies without a record, which exist
    /// only because a watch or rate event named them. Neither reads the events. Each answer is one array: a row per
    /// gap cost ten times more to decode than the query took on the server.
    public func catalogueGaps() async throws(StoreError) -> CatalogueGaps {
        let logger = logger
        return try await read("finding users and movies without records") { connection in
            let users =
                try await connection.allRows(
                    """
                    SELECT coalesce(array_agg(e.id ORDER BY e.id), '{}')
                    FROM event_users e WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = e.id)
                    """, logger: logger
                ).decode([Int64].self).first ?? []
            let movies =
                try await connection.allRows(
                    #"SELECT coalesce(array_agg(slug ORDER BY slug COLLATE "C"), '{}') FROM movies WHERE record IS NULL"#, logger: logger
                ).decode([String].self).first ?? []
            return CatalogueGaps(users: users.compactMap { UserID($0) }, movies: movies.compactMap { MovieID($0) })
        }
    }
}
