import Foundation
import MarqueeCore
import MarqueeStore

/// A named way to make an empty store, for contract suites run against every implementation.
public struct EventStoreFactory: Sendable, CustomStringConvertible {
    /// The implementation's name, shown in test names.
    public let name: String
    private let run: @Sendable (_ body: (any DataStore) async throws -> Void) async throws -> Void

    /// Creates a factory from a function that runs its argument with a new store and cleans up after it.
    public init(name: String, run: @escaping @Sendable (_ body: (any DataStore) async throws -> Void) async throws -> Void) {
        self.name = name
        self.run = run
    }

    /// Runs `body` with a new, empty store, closed and removed afterwards.
    public func withStore(_ body: (any DataStore) async throws -> Void) async throws {
        try await run(body)
    }

    public var description: String { name }

    /// An in-memory SQLite store.
    public static let sqliteInMemory = EventStoreFactory(name: "sqlite-memory") { body in
        try await body(try SQLiteEventStore.inMemory())
    }

    /// A SQLite store in a new file under the temporary directory.
    public static let sqliteFile = EventStoreFactory(name: "sqlite-file") { body in
        let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("marquee-store-\(UUID().uuidString).sqlite")
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: url.path + suffix) }
        }
        let store = try SQLiteEventStore(path: url.path)
        try await body(store)
        try store.close()
    }

    /// A PostgreSQL store in a new database of ``PostgresTestServer``, dropped afterwards.
    public static let postgres = EventStoreFactory(name: "postgres") { body in
        try await PostgresTestServer.withDatabase { location in
            let store = try await PostgresEventStore(location: location, configuration: .init(maximumConnections: 2))
            do {
                try await body(store)
            } catch {
                await store.close()
                throw error
            }
            await store.close()
        }
    }

    /// Every implementation available in this build: PostgreSQL when ``PostgresTestServer/enabled``.
    public static let all: [EventStoreFactory] = [.sqliteInMemory, .sqliteFile] + (PostgresTestServer.enabled ? [.postgres] : [])
}

/// Catalogue records for tests.
public enum CatalogueFixture {
    /// A movie record with a title, genres and numbers.
    public static func movie(_ slug: String, title: String? = nil, popularity: Double = 1.5, cost: Double? = nil) -> Movie {
        Movie(
            id: LogFixture.movie(slug), tmdbID: 603, imdbID: "tt0133093", title: title ?? slug, genres: [Genre(id: 18, name: "Drama")],
            popularity: popularity, releaseDate: "1999-03-30", runtime: 136, voteAverage: 7.9, voteCount: 9079, cost: cost)
    }

    /// A user record.
    public static func user(_ id: Int64, age: Int = 34) -> User {
        User(id: LogFixture.user(id), age: age, occupation: "scientist", gender: "F")
    }
}
