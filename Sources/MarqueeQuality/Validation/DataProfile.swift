import MarqueeCore

/// The measured ``DataMetric``s of a window of ingested data: the batches that arrived between two snapshots.
public struct DataProfile: Sendable, Encodable {
    /// What the window is, for reports, e.g. `batches 12–40 (2026-01-03T00:00:00 to 2026-01-06T00:00:00)`.
    public var window: String
    /// Lines read in the window: stored, duplicate or quarantined.
    public var lines: Int
    /// The value of each metric that could be measured (a window with no lines measures none).
    public var values: [DataMetric: Double]

    /// Creates a profile from measured values.
    public init(window: String, lines: Int, values: [DataMetric: Double]) {
        self.window = window
        self.lines = lines
        self.values = values
    }

    /// Measures a window.
    ///
    /// - Parameters:
    ///   - stored, duplicates, quarantinedByReason, late: what ingest did with the window's lines.
    ///   - hours: the event time the window covers.
    ///   - events: the window's watch and rate events, checked against the catalogue.
    ///   - users, movies: the catalogue's records.
    public init(
        window: String, stored: Int, duplicates: Int, quarantinedByReason: [String: Int], late: Int, hours: Double, events: [Event],
        users: [UserID: User], movies: [MovieID: Movie]
    ) {
        let quarantined = quarantinedByReason.values.reduce(0, +)
        let lines = stored + duplicates + quarantined
        self.init(window: window, lines: lines, values: [:])
        guard lines > 0 else { return }
        func count(_ reasons: [RejectionReason]) -> Int { reasons.reduce(0) { $0 + (quarantinedByReason[$1.rawValue] ?? 0) } }
        let references = CatalogueReferences(events: events, users: users, movies: movies)
        let total = Double(lines)
        values[.quarantinedShare] = Double(quarantined) / total
        values[.malformedShare] = Double(count(RejectionReason.codecReasons.filter { $0 != .ratingOutOfScale })) / total
        values[.duplicateShare] = Double(duplicates) / total
        values[.outOfRangeShare] = Double(count([.ratingOutOfScale]) + references.minutesBeyondRuntime) / total
        values[.unknownReferenceShare] = Double(count([.unknownUser, .unknownMovie]) + references.unknown) / total
        if stored > 0 { values[.lateShare] = Double(late) / Double(stored) }
        if hours > 0 { values[.eventsPerHour] = Double(stored) / hours }
        if let share = references.incompleteUserShare { values[.incompleteUserShare] = share }
        if let share = references.incompleteMovieShare { values[.incompleteMovieShare] = share }
    }

    enum CodingKeys: String, CodingKey {
        case window, lines, values
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(window, forKey: .window)
        try container.encode(lines, forKey: .lines)
        try container.encode(Dictionary(uniqueKeysWithValues: values.map { ($0.key.rawValue, $0.value) }), forKey: .values)
    }
}

/// How a window's events refer to the catalogue: unknown users and movies, impossible minutes, incomplete records.
struct CatalogueReferences {
    /// Events naming a user or movie without a catalogue record.
    private(set) var unknown = 0
    /// Watch events at a minute past the movie's runtime (plus a 5-minute margin for credits and rounding).
    private(set) var minutesBeyondRuntime = 0
    /// Among the active users and watched movies that have records, the share missing a field.
    private(set) var incompleteUserShare: Double?
    private(set) var incompleteMovieShare: Double?

    init(events: [Event], users: [UserID: User], movies: [MovieID: Movie]) {
        var activeUsers = Set<UserID>()
        var watchedMovies = Set<MovieID>()
        for event in events {
            let movie: MovieID
            switch event.kind {
            case .watch(let watched, let minute):
                movie = watched
                if let runtime = movies[watched]?.runtime, runtime > 0, minute > runtime + 5 { minutesBeyondRuntime += 1 }
            case .rate(let rated, _):
                movie = rated
            case .recommendation, .accountCreated:
                continue
            }
            // An empty side of the catalogue is not loaded, not stale: nothing is unknown then.
            if (!users.isEmpty && users[event.user] == nil) || (!movies.isEmpty && movies[movie] == nil) { unknown += 1 }
            activeUsers.insert(event.user)
            watchedMovies.insert(movie)
        }
        let knownUsers = activeUsers.compactMap { users[$0] }
        if !knownUsers.isEmpty {
            let incomplete = knownUsers.filter { $0.age == nil || $0.gender == nil || $0.occupation == nil }.count
            incompleteUserShare = Double(incomplete) / Double(knownUsers.count)
        }
        let knownMovies = watchedMovies.compactMap { movies[$0] }
        if !knownMovies.isEmpty {
            let incomplete = knownMovies.filter { $0.title == nil || $0.genres.isEmpty || $0.runtime == nil }.count
            incompleteMovieShare = Double(incomplete) / Double(knownMovies.count)
        }
    }
}
