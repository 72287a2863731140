import Foundation
import Logging

/// Where a store is: a SQLite file path, or a PostgreSQL database given as
/// `postgres://user:password@host:port/database[?sslmode=disable|prefer|require]`.
public enum StoreLocation: Hashable, Sendable, CustomStringConvertible {
    /// A SQLite file (created when missing).
    case sqlite(path: String)
    /// A PostgreSQL database.
    case postgres(PostgresLocation)

    /// Parses `--store`'s value: a `postgres://` or `postgresql://` URL, or else a file path.
    /// - Throws: `StoreError.invalidLocation` for an empty value or a malformed URL, naming what is wrong.
    public init(_ text: String) throws(StoreError) {
        if PostgresLocation.isPostgresURL(text) {
            self = .postgres(try PostgresLocation(url: text))
        } else {
            guard !text.isEmpty else {
                throw StoreError(
                    .invalidLocation, "the store location is empty; give a file path such as data/marquee.sqlite or a postgres:// URL")
            }
            self = .sqlite(path: text)
        }
    }

    /// The location for messages; a PostgreSQL URL without its password.
    public var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let location): location.description
        }
    }

    /// Opens the store, creating it or bringing its schema up to date.
    /// - Parameter logger: where a PostgreSQL store's connection pool logs; `nil` for no log.
    /// - Throws: ``StoreError`` naming the location and the fix (see each store's initialiser).
    public func open(logger: Logger? = nil) async throws(StoreError) -> any DataStore {
        switch self {
        case .sqlite(let path): try SQLiteEventStore(path: path)
        case .postgres(let location): try await PostgresEventStore(location: location, logger: logger)
        }
    }
}
