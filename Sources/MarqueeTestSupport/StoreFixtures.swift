import Foundation
import MarqueeCore
import MarqueeStore

/// A named way to make an empty event store, for contract suites run against every implementation.
public struct EventStoreFactory: Sendable, CustomStringConvertible {
    /// The implementation's name, shown in test names.
    public let name: String
    private let make: @Sendable () throws -> any EventStore

    /// Creates a factory.
    public init(name: String, make: @escaping @Sendable () throws -> any EventStore) {
        self.name = name
        self.make = make
    }

    /// A new, empty store.
    public func makeStore() throws -> any EventStore {
        try make()
    }

    public var description: String { name }

    /// An in-memory SQLite store.
    public static let sqliteInMemory = EventStoreFactory(name: "sqlite-memory") { try SQLiteEventStore.inMemory() }

    /// A SQLite store in a new file under the temporary directory.
    public static let sqliteFile = EventStoreFactory(name: "sqlite-file") {
        let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("marquee-store-\(UUID().uuidString).sqlite")
        return try SQLiteEventStore(path: url.path)
    }

    /// Every implementation available in this build.
    public static let all: [EventStoreFactory] = [.sqliteInMemory, .sqliteFile]
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
