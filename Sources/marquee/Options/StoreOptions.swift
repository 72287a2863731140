import ArgumentParser
import Foundation
import MarqueeStore

/// `--store PATH|URL`: a SQLite file, or a PostgreSQL database (`postgres://user:password@host:port/database`),
/// holding events, quarantine, derived tables, the catalogue, telemetry and the registry.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The store: a SQLite file path, or postgres://user:password@host:port/database[?sslmode=disable|prefer|require].",
            valueName: "path|url"))
    var store: String

    func validate() throws {
        _ = try location()
    }

    /// Where the store is.
    func location() throws(StoreError) -> StoreLocation {
        try StoreLocation(store)
    }

    /// The store's name for messages: the path, or the URL without its password.
    var name: String {
        (try? location().description) ?? store
    }

    /// Fails validation unless a SQLite store file exists (for commands that only read an existing store); a
    /// PostgreSQL store is checked when it opens.
    func requireExistingStore() throws {
        guard case .sqlite(let path) = try location() else { return }
        guard FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure("no store at '\(path)': run 'marquee ingest --store \(path) FILE' first, or check the path")
        }
    }

    /// Opens (creating if needed) the store.
    func open() async throws -> any DataStore {
        try await location().open()
    }
}
