import Foundation
import GRDB
import MarqueeCore

/// The embedded event store: one SQLite file (WAL mode) accessed through GRDB.
///
/// A file store uses a `DatabasePool`, so reads (statistics, training data) run beside an ongoing ingest;
/// ``inMemory()`` stores for tests use a `DatabaseQueue`. The schema is brought up to date when the store opens.
public struct SQLiteEventStore: EventStore {
    /// The file path of the store, or `:memory:`.
    public let location: String
    let writer: any DatabaseWriter
    let movieKeys: MovieKeyCache

    /// Opens the store at `path`, creating it (with permissions 0600) if the file does not exist.
    ///
    /// - Parameter path: the store's file; its directory must exist.
    /// - Throws: ``StoreError`` `.cannotOpen` when the directory is missing or the file cannot be opened,
    ///   `.corrupt` when the file is not a Marquee store, `.migrationFailed` when the schema cannot be updated.
    public init(path: String) throws(StoreError) {
        guard !path.isEmpty else {
            throw StoreError(.invalidLocation, "the store path is empty; give a file path such as data/marquee.sqlite")
        }
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let location = url.path
        try Self.prepareFile(at: url)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY")
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: location, configuration: configuration)
        } catch {
            throw StoreError.sqlite(error, location: location, code: .cannotOpen, while: "opening the store")
        }
        try self.init(writer: pool, location: location)
    }

    /// A new, empty store in memory, for tests.
    public static func inMemory() throws(StoreError) -> SQLiteEventStore {
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue()
        } catch {
            throw StoreError.sqlite(error, location: ":memory:", code: .cannotOpen, while: "opening an in-memory store")
        }
        return try SQLiteEventStore(writer: queue, location: ":memory:")
    }

    private init(writer: any DatabaseWriter, location: String) throws(StoreError) {
        self.writer = writer
        self.location = location
        self.movieKeys = MovieKeyCache()
        try Self.checkIdentity(of: writer, location: location)
        do {
            try SQLiteSchema.migrator.migrate(writer)
        } catch {
            let mapped = StoreError.sqlite(error, location: location, code: .migrationFailed, while: "updating the schema")
            throw StoreError(
                mapped.code, mapped.message + "; if the problem persists, restore the store from a backup", cause: mapped.cause ?? error)
        }
        do {
            try writer.read { db in try movieKeys.load(from: db) }
        } catch {
            throw StoreError.sqlite(error, location: location, code: .readFailed, while: "loading the movie keys")
        }
    }

    /// Closes the database; any later use of this store throws.
    public func close() throws(StoreError) {
        do {
            try writer.close()
        } catch {
            throw StoreError.sqlite(error, location: location, code: .writeFailed, while: "closing the store")
        }
    }

    // MARK: Opening

    /// Checks the directory and creates the file with owner-only permissions when it is new.
    private static func prepareFile(at url: URL) throws(StoreError) {
        let fileManager = FileManager.default
        let path = url.path
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw StoreError(
                .cannotOpen,
                "cannot create the store \(path): the directory \(directory) does not exist; create it (mkdir -p \(directory)) or choose another path"
            )
        }
        if fileManager.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue {
                throw StoreError(.invalidLocation, "\(path) is a directory; give the path of a store file inside it, e.g. \(path)/marquee.sqlite")
            }
            try checkHeader(of: path)
            return
        }
        guard fileManager.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw StoreError(.cannotOpen, "cannot create the store \(path): check that the directory \(directory) is writable")
        }
    }

    /// Rejects a non-empty file that does not start with the SQLite header, before SQLite touches it.
    private static func checkHeader(of path: String) throws(StoreError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StoreError(.cannotOpen, "cannot read the store \(path): check its permissions")
        }
        defer { try? handle.close() }
        let header: Data
        do {
            header = try handle.read(upToCount: 16) ?? Data()
        } catch {
            throw StoreError(.cannotOpen, "cannot read the store \(path): check its permissions", cause: error)
        }
        guard !header.isEmpty else { return }
        guard header.elementsEqual(Array("SQLite format 3\0".utf8)) else {
            throw StoreError(
                .corrupt,
                "\(path) is not a Marquee store: it is not a SQLite database; "
                    + "point Marquee at a store it created, or move this file away to start a new store")
        }
    }

    /// Rejects SQLite databases of other applications and stores written by a newer Marquee.
    private static func checkIdentity(of writer: any DatabaseWriter, location: String) throws(StoreError) {
        let (applicationID, tableCount, superseded): (Int32, Int, Bool)
        do {
            (applicationID, tableCount, superseded) = try writer.read { db in
                let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                let tableCount = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table'") ?? 0
                let superseded = applicationID == SQLiteSchema.applicationID ? try SQLiteSchema.migrator.hasBeenSuperseded(db) : false
                return (applicationID, tableCount, superseded)
            }
        } catch {
            throw StoreError.sqlite(error, location: location, code: .cannotOpen, while: "opening the store")
        }
        if tableCount > 0, applicationID != SQLiteSchema.applicationID {
            throw StoreError(
                .corrupt,
                "\(location) is not a Marquee store: it is a SQLite database of another application (application_id \(applicationID)); "
                    + "point Marquee at a store it created, or choose a new file")
        }
        if superseded {
            throw StoreError(
                .migrationFailed,
                "\(location) was written by a newer version of Marquee; upgrade Marquee to use it")
        }
    }

    // MARK: Access helpers

    func read<T: Sendable>(_ action: String, _ body: @Sendable @escaping (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await writer.read(body)
        } catch {
            throw StoreError.sqlite(error, location: location, code: .readFailed, while: action)
        }
    }

    /// Runs `body` in one immediate transaction; the movie keys it interned join the cache only once it committed.
    func write<T: Sendable>(
        _ action: String, _ body: @Sendable @escaping (Database, inout MovieKeyResolver) throws -> T
    ) async throws(StoreError) -> T {
        let movieKeys = movieKeys
        do {
            return try await writer.writeWithoutTransaction { db in
                var result: T?
                var added: [String: Int64] = [:]
                try db.inTransaction(.immediate) {
                    var resolver = MovieKeyResolver(known: movieKeys.snapshot, db: db)
                    result = try body(db, &resolver)
                    added = resolver.added
                    return .commit
                }
                // The snapshot is released by now, so merging does not copy the whole map.
                movieKeys.merge(added)
                guard let result else {
                    throw DatabaseError(resultCode: .SQLITE_INTERNAL, message: "the transaction produced no result")
                }
                return result
            }
        } catch {
            throw StoreError.sqlite(error, location: location, code: .writeFailed, while: action)
        }
    }
}
