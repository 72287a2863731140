import ArgumentParser
import Foundation
import MarqueeStore

/// `--store PATH`: the SQLite file holding events, quarantine, derived tables and the catalogue.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Path of the SQLite store file.", valueName: "path"))
    var store: String

    /// Fails validation unless the store file exists (for commands that only read an existing store).
    func requireExistingStore() throws {
        guard FileManager.default.fileExists(atPath: store) else {
            throw CommandFailure("no store at '\(store)': run 'marquee ingest --store \(store) FILE' first, or check the path")
        }
    }

    /// Opens (creating if needed) the store.
    func open() throws -> SQLiteEventStore {
        try SQLiteEventStore(path: store)
    }
}
