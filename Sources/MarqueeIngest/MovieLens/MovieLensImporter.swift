import Foundation
import MarqueeCore
import MarqueeStore

/// How ratings become events.
///
/// MovieLens has ratings only, no viewing. Each rating becomes its rate event at the rating's timestamp, preceded by a
/// synthetic watch of the movie, one watch event per minute in the minutes before it, so that the
/// `FeedbackRule` sees both signals: ``likedMinutes`` for a rating of at least ``likedRating`` (the user watched it),
/// ``dislikedMinutes`` below it (the user gave up early). MovieLens has no runtimes, so movies are stored without one
/// and the rule assumes its default runtime: with the defaults (10 minutes of an assumed 100, ratings 3–5 on 1–5)
/// a rating of 3 weighs 0.1, 4 weighs 0.6 and 5 weighs 1.1, and ratings 1–2 are dropped as dislikes.
public struct MovieLensImportConfiguration: Hashable, Sendable {
    /// Synthetic minutes watched for a rating at or above ``likedRating``.
    public var likedMinutes: Int
    /// Synthetic minutes watched for a lower rating.
    public var dislikedMinutes: Int
    /// The lowest rating that counts as a watched movie.
    public var likedRating: Int
    /// Events per stored batch (one transaction each).
    public var batchSize: Int

    /// Creates a configuration.
    public init(likedMinutes: Int = 10, dislikedMinutes: Int = 2, likedRating: Int = 3, batchSize: Int = 50_000) {
        self.likedMinutes = max(0, likedMinutes)
        self.dislikedMinutes = max(0, dislikedMinutes)
        self.likedRating = likedRating
        self.batchSize = max(1, batchSize)
    }
}

/// What an import stored and skipped.
public struct MovieLensImportSummary: Hashable, Sendable {
    /// User records upserted.
    public var users = 0
    /// Movie records upserted.
    public var movies = 0
    /// Ratings turned into events.
    public var ratings = 0
    /// Events newly stored (rate and watch).
    public var eventsStored = 0
    /// Events skipped as already stored (a repeated import).
    public var duplicates = 0
    /// Lines skipped, e.g. `ml-100k.inter:17: rating 'x' is not a whole number from 1 to 5`.
    public var skipped: [String] = []
    /// Movies whose slug collided with an earlier item's and got the item id appended.
    public var renamedMovies = 0
}

/// Loads MovieLens-100k in RecBole's atomic-file format (`ml-100k.inter`, `ml-100k.user`, `ml-100k.item`, as shipped
/// in the `recbole` wheel under `recbole/dataset_example/ml-100k/`) into a store: users and movies as catalogue
/// records, ratings as events (see ``MovieLensImportConfiguration``). Importing the same files twice stores nothing twice.
public struct MovieLensImporter: Sendable {
    /// Where the records and events go.
    public let store: any EventStore
    /// How ratings become events.
    public let configuration: MovieLensImportConfiguration

    /// Creates an importer.
    public init(store: any EventStore, configuration: MovieLensImportConfiguration = .init()) {
        self.store = store
        self.configuration = configuration
    }

    /// Imports the `.user`, `.item` and `.inter` files of `directory` (the one file of each extension there).
    /// - Throws: ``IngestError``: `.fileNotFound` when the directory or a file is missing, `.unreadable` for a file
    ///   without the expected columns, `.store` when storing fails.
    public func importDirectory(_ directory: String) async throws(IngestError) -> MovieLensImportSummary {
        let paths = try Self.files(in: directory)
        var summary = MovieLensImportSummary()
        let users = try readUsers(AtomicFile(path: paths.user), summary: &summary)
        let (movies, movieByItem) = try readMovies(AtomicFile(path: paths.item), summary: &summary)
        do {
            try await store.upsert(users: users)
            try await store.upsert(movies: movies)
        } catch {
            throw IngestError(error)
        }
        summary.users = users.count
        summary.movies = movies.count
        let interactions = try AtomicFile(path: paths.inter)
        let columns = try interactions.indices(of: ["user_id", "item_id", "rating", "timestamp"])
        let source = "movielens:" + URL(fileURLWithPath: directory).standardizedFileURL.path
        var events: [Event] = []
        events.reserveCapacity(configuration.batchSize + configuration.likedMinutes + 1)
        let name = URL(fileURLWithPath: paths.inter).lastPathComponent
        for (line, fields) in interactions.rows {
            guard fields.count >= interactions.columns.count else {
                summary.skipped.append("\(name):\(line): \(fields.count) fields, expected \(interactions.columns.count)")
                continue
            }
            guard let user = UserID(parsing: fields[columns[0]]) else {
                summary.skipped.append("\(name):\(line): user id '\(fields[columns[0]])' is not a non-negative integer")
                continue
            }
            guard let movie = movieByItem[String(fields[columns[1]])] else {
                summary.skipped.append("\(name):\(line): item '\(fields[columns[1]])' is not in the item file")
                continue
            }
            guard let value = Double(fields[columns[2]]), value == value.rounded(), (1...5).contains(value) else {
                summary.skipped.append("\(name):\(line): rating '\(fields[columns[2]])' is not a whole number from 1 to 5")
                continue
            }
            guard let seconds = Double(fields[columns[3]]), seconds.isFinite, seconds >= 0, seconds < 1e11 else {
                summary.skipped.append("\(name):\(line): timestamp '\(fields[columns[3]])' is not Unix seconds")
                continue
            }
            appendEvents(user: user, movie: movie, rating: Int(value), time: EventTime(microseconds: Int64(seconds * 1_000_000)), to: &events)
            summary.ratings += 1
            if events.count >= configuration.batchSize {
                try await store(&events, source: source, summary: &summary)
            }
        }
        try await store(&events, source: source, summary: &summary)
        return summary
    }

    /// The synthetic watch (one event per minute, ending one minute before the rating) and the rate event.
    func appendEvents(user: UserID, movie: MovieID, rating: Int, time: EventTime, to events: inout [Event]) {
        let minutes = rating >= configuration.likedRating ? configuration.likedMinutes : configuration.dislikedMinutes
        for minute in 0..<minutes {
            events.append(Event(time: time.adding(seconds: Double((minute - minutes) * 60)), user: user, kind: .watch(movie: movie, minute: minute)))
        }
        events.append(Event(time: time, user: user, kind: .rate(movie: movie, rating: rating)))
    }

    private func store(_ events: inout [Event], source: String, summary: inout MovieLensImportSummary) async throws(IngestError) {
        guard !events.isEmpty else { return }
        do {
            let outcome = try await store.store(IngestBatch(source: source, events: events))
            summary.eventsStored += outcome.stored
            summary.duplicates += outcome.duplicates
        } catch {
            throw IngestError(error)
        }
        events.removeAll(keepingCapacity: true)
    }

    private func readUsers(_ file: AtomicFile, summary: inout MovieLensImportSummary) throws(IngestError) -> [User] {
        let columns = try file.indices(of: ["user_id", "age", "gender", "occupation"])
        let name = URL(fileURLWithPath: file.path).lastPathComponent
        var users: [User] = []
        for (line, fields) in file.rows {
            guard fields.count >= file.columns.count, let id = UserID(parsing: fields[columns[0]]) else {
                summary.skipped.append("\(name):\(line): no valid user id")
                continue
            }
            let age = Int(fields[columns[1]])
            let gender = fields[columns[2]].uppercased()
            users.append(
                User(
                    id: id, age: age, occupation: MovieLensMapping.occupation(String(fields[columns[3]]), age: age),
                    gender: gender == "M" || gender == "F" ? gender : nil))
        }
        return users
    }

    private func readMovies(
        _ file: AtomicFile, summary: inout MovieLensImportSummary
    ) throws(IngestError) -> (movies: [Movie], byItem: [String: MovieID]) {
        let columns = try file.indices(of: ["item_id", "movie_title", "release_year", "class"])
        let name = URL(fileURLWithPath: file.path).lastPathComponent
        // Lowest item id first, so that of two items with the same slug the older one keeps it.
        let rows = file.rows.sorted { lhs, rhs in
            let (l, r) = (lhs.fields.first.flatMap { Int($0) } ?? .max, rhs.fields.first.flatMap { Int($0) } ?? .max)
            return l != r ? l < r : lhs.line < rhs.line
        }
        var movies: [Movie] = []
        var byItem: [String: MovieID] = [:]
        var taken = Set<MovieID>()
        for (line, fields) in rows {
            guard fields.count >= file.columns.count else {
                summary.skipped.append("\(name):\(line): \(fields.count) fields, expected \(file.columns.count)")
                continue
            }
            let item = String(fields[columns[0]])
            let title = String(fields[columns[1]])
            guard !item.isEmpty, byItem[item] == nil,
                var id = MovieLensMapping.slug(title: title, year: String(fields[columns[2]]), itemID: item)
            else {
                summary.skipped.append("\(name):\(line): item '\(item)' is empty, repeated or has no usable title")
                continue
            }
            if taken.contains(id), let renamed = MovieID(id.slug + "+ml\(item)") {
                id = renamed
                summary.renamedMovies += 1
            }
            taken.insert(id)
            byItem[item] = id
            movies.append(Movie(id: id, title: title, genres: MovieLensMapping.genres(fields[columns[3]])))
        }
        return (movies, byItem)
    }

    /// The `.user`, `.item` and `.inter` files of `directory`.
    static func files(in directory: String) throws(IngestError) -> (user: String, item: String, inter: String) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw IngestError(
                .fileNotFound,
                "no MovieLens directory at \(directory): point at the folder holding ml-100k.inter, ml-100k.user and ml-100k.item")
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        func file(_ suffix: String) throws(IngestError) -> String {
            let matches = names.filter { $0.hasSuffix(suffix) }.sorted()
            guard let first = matches.first else {
                throw IngestError(.fileNotFound, "\(directory) has no *\(suffix) file: it needs ml-100k.inter, ml-100k.user and ml-100k.item")
            }
            guard matches.count == 1 else {
                throw IngestError(.unreadable, "\(directory) has several *\(suffix) files (\(matches.joined(separator: ", "))): keep one data set per directory")
            }
            return URL(fileURLWithPath: directory).appendingPathComponent(first).path
        }
        return (try file(".user"), try file(".item"), try file(".inter"))
    }
}
