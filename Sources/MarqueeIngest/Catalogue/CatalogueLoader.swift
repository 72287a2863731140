import Foundation
import MarqueeCore
import MarqueeStore

/// Loads the catalogue (`users.jsonl` and `movies.jsonl`, one JSON object per line in the formats of the user and
/// movie API) into the store. Bad lines are skipped and reported with their line number.
public struct CatalogueLoader: Sendable {
    /// The file of user records in a catalogue directory.
    public static let usersFileName = "users.jsonl"
    /// The file of movie records in a catalogue directory.
    public static let moviesFileName = "movies.jsonl"

    /// Where records go.
    public let store: any EventStore
    /// Records per upsert transaction.
    public let batchSize: Int
    /// The keys of the users' self-descriptions in the records (the service's, see ``ServiceConfiguration``).
    public let selfDescriptionFields: SelfDescriptionFields

    /// Creates a loader.
    public init(store: any EventStore, batchSize: Int = 10_000, selfDescriptionFields: SelfDescriptionFields = .init()) {
        self.store = store
        self.batchSize = max(1, batchSize)
        self.selfDescriptionFields = selfDescriptionFields
    }

    /// Loads `users.jsonl` and `movies.jsonl` from `directory`; either may be absent, not both.
    ///
    /// - Throws: ``IngestError`` `.fileNotFound` when the directory or both files are missing; read and store failures.
    public func load(directory: String) async throws(IngestError) -> CatalogueSummary {
        let url = URL(fileURLWithPath: directory).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw IngestError(.fileNotFound, "the catalogue directory \(url.path) does not exist; check the path")
        }
        let usersPath = url.appendingPathComponent(Self.usersFileName).path
        let moviesPath = url.appendingPathComponent(Self.moviesFileName).path
        let hasUsers = FileManager.default.fileExists(atPath: usersPath)
        let hasMovies = FileManager.default.fileExists(atPath: moviesPath)
        guard hasUsers || hasMovies else {
            throw IngestError(
                .fileNotFound, "\(url.path) holds neither \(Self.usersFileName) nor \(Self.moviesFileName); point at a catalogue directory")
        }
        var summary = CatalogueSummary()
        if hasMovies { summary.movies = try await loadMovies(file: moviesPath) }
        if hasUsers { summary.users = try await loadUsers(file: usersPath) }
        return summary
    }

    /// Loads user records, one JSON object per line.
    public func loadUsers(file path: String) async throws(IngestError) -> CatalogueFileSummary {
        try await load(User.self, file: path) { users throws(StoreError) in try await store.upsert(users: users) }
    }

    /// Loads movie records, one JSON object per line.
    public func loadMovies(file path: String) async throws(IngestError) -> CatalogueFileSummary {
        try await load(Movie.self, file: path) { movies throws(StoreError) in try await store.upsert(movies: movies) }
    }

    private func load<Record: Decodable & Sendable>(
        _ type: Record.Type, file path: String, upsert: ([Record]) async throws(StoreError) -> Void
    ) async throws(IngestError) -> CatalogueFileSummary {
        let source = try FileLineSource(path: path)
        var summary = CatalogueFileSummary(path: source.path)
        let decoder = selfDescriptionFields.decoder()
        var records: [Record] = []
        var lineNumber = 0
        func flush() async throws(IngestError) {
            guard !records.isEmpty else { return }
            do {
                try await upsert(records)
            } catch {
                throw IngestError(error)
            }
            summary.loaded += records.count
            records.removeAll(keepingCapacity: true)
        }
        while case .lines(let chunk) = try await source.read() {
            chunk.forEachLine { line, _, _ in
                lineNumber += 1
                guard line.contains(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0D) }) else { return }
                do {
                    records.append(try decoder.decode(Record.self, from: Data(buffer: line)))
                } catch {
                    summary.skip(line: lineNumber, reason: Self.describe(error))
                }
            }
            if records.count >= batchSize { try await flush() }
        }
        try await flush()
        return summary
    }

    /// A short reason for a record that does not decode, e.g. `missing field 'user_id'`.
    public static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context):
            return context.underlyingError.map { "not valid JSON (\($0.localizedDescription))" } ?? context.debugDescription
        case DecodingError.keyNotFound(let key, _):
            return "missing field '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "field '\(path)': \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }
}

/// What loading a catalogue directory did.
public struct CatalogueSummary: Hashable, Sendable {
    /// The user file's summary, when the directory had one.
    public var users: CatalogueFileSummary?
    /// The movie file's summary, when the directory had one.
    public var movies: CatalogueFileSummary?

    /// Creates a summary.
    public init(users: CatalogueFileSummary? = nil, movies: CatalogueFileSummary? = nil) {
        self.users = users
        self.movies = movies
    }
}

/// What loading one catalogue file did.
public struct CatalogueFileSummary: Hashable, Sendable {
    /// A line that was skipped.
    public struct SkippedLine: Hashable, Sendable {
        /// The 1-based line number.
        public var line: Int
        /// Why it was skipped.
        public var reason: String
    }

    /// The most skipped lines listed individually; the rest are only counted.
    public static let maximumListedSkips = 100

    /// The absolute path of the file.
    public var path: String
    /// Records stored.
    public var loaded: Int
    /// Lines skipped because they were not a valid record.
    public var skippedCount: Int
    /// The first ``maximumListedSkips`` skipped lines.
    public var skipped: [SkippedLine]

    /// Creates a summary.
    public init(path: String, loaded: Int = 0, skippedCount: Int = 0, skipped: [SkippedLine] = []) {
        self.path = path
        self.loaded = loaded
        self.skippedCount = skippedCount
        self.skipped = skipped
    }

    mutating func skip(line: Int, reason: String) {
        skippedCount += 1
        if skipped.count < Self.maximumListedSkips { skipped.append(SkippedLine(line: line, reason: reason)) }
    }
}
