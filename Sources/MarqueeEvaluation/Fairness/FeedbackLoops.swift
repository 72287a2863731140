import MarqueeCore

/// Signs of feedback loops: whether recommendations and watches concentrate on fewer movies over successive model
/// versions (popularity reinforcement), and whether users' watching narrows over time (filter bubbles).
public struct FeedbackLoops: Sendable, Encodable {
    /// One model version's period of service.
    public struct VersionConcentration: Sendable, Encodable {
        public var version: String
        /// Gini coefficient of the version's recommendation slots per catalogue movie.
        public var recommendationGini: Double
        /// Gini coefficient of the watches (distinct users per movie) while it served.
        public var watchGini: Double
        public var answers: Int
    }

    /// One day's diversity.
    public struct DailyDiversity: Sendable, Encodable {
        /// The start of the day.
        public var start: EventTime
        public var day: String { String(start.description.prefix(10)) }
        /// Mean over the day's active users of the distinct genres of the movies they watched in the last 7 days.
        public var meanGenres: Double
        public var users: Int

        enum CodingKeys: String, CodingKey {
            case day, users, meanGenres
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(day, forKey: .day)
            try container.encode(users, forKey: .users)
            try container.encode(meanGenres, forKey: .meanGenres)
        }
    }

    /// Versions in the order they first answered.
    public var versions: [VersionConcentration]
    public var diversity: [DailyDiversity]
    /// The least-squares slope of the daily diversity, in genres per day.
    public var diversitySlopePerDay: Double?

    /// Whether recommendations concentrated: the last version's recommendation Gini is 0.05 above the first's.
    public var popularityReinforcement: Bool {
        guard let first = versions.first, let last = versions.last, versions.count > 1 else { return false }
        return last.recommendationGini > first.recommendationGini + 0.05
    }

    /// Whether watching narrowed: the diversity falls by more than 0.02 genres a day.
    public var narrowing: Bool { (diversitySlopePerDay ?? 0) < -0.02 }

    /// Measures served answers (with their model versions) and watch events over `catalogue` with `genres`.
    public static func measure(answers: [ServedRecommendation], events: [Event], catalogue: [MovieID], genres: [MovieID: [String]]) -> FeedbackLoops {
        var order: [String] = []
        var lists: [String: [[MovieID]]] = [:]
        var spans: [String: (from: EventTime, to: EventTime)] = [:]
        for answer in answers.sorted(by: { $0.time < $1.time }) {
            if lists[answer.modelVersion] == nil { order.append(answer.modelVersion) }
            lists[answer.modelVersion, default: []].append(answer.movies)
            let span = spans[answer.modelVersion]
            spans[answer.modelVersion] = (span?.from ?? answer.time, answer.time)
        }
        let watches = events.compactMap { event -> (UserID, MovieID, EventTime)? in
            guard case .watch(let movie, _) = event.kind else { return nil }
            return (event.user, movie, event.time)
        }
        let versions = order.map { version -> VersionConcentration in
            let recommended = lists[version] ?? []
            var slots: [MovieID: Int] = [:]
            for list in recommended { for movie in list { slots[movie, default: 0] += 1 } }
            var watchers: [MovieID: Set<UserID>] = [:]
            if let span = spans[version] {
                for (user, movie, time) in watches where time >= span.from && time <= span.to { watchers[movie, default: []].insert(user) }
            }
            let universe = Set(catalogue).union(slots.keys)
            return VersionConcentration(
                version: version, recommendationGini: Gini.of(universe.map { Double(slots[$0] ?? 0) }),
                watchGini: Gini.of(universe.map { Double(watchers[$0]?.count ?? 0) }), answers: recommended.count)
        }
        let diversity = dailyDiversity(watches: watches, genres: genres)
        return FeedbackLoops(versions: versions, diversity: diversity, diversitySlopePerDay: slope(diversity.map(\.meanGenres)))
    }

    private static func dailyDiversity(watches: [(UserID, MovieID, EventTime)], genres: [MovieID: [String]]) -> [DailyDiversity] {
        let day: Int64 = 86_400_000_000
        var byDay: [Int64: [UserID: Set<MovieID>]] = [:]
        for (user, movie, time) in watches { byDay[time.microseconds / day, default: [:]][user, default: []].insert(movie) }
        let days = byDay.keys.sorted()
        return days.map { today in
            var recent: [UserID: Set<MovieID>] = [:]
            for earlier in (today - 6)...today {
                for (user, movies) in byDay[earlier] ?? [:] where byDay[today]?[user] != nil { recent[user, default: []].formUnion(movies) }
            }
            let counts = recent.values.map { movies in Set(movies.flatMap { genres[$0] ?? [] }).count }
            return DailyDiversity(
                start: EventTime(microseconds: today * day),
                meanGenres: counts.isEmpty ? 0 : Double(counts.reduce(0, +)) / Double(counts.count), users: counts.count)
        }
    }

    /// The least-squares slope of equally spaced `values` per step; `nil` for fewer than 3 values.
    public static func slope(_ values: [Double]) -> Double? {
        guard values.count >= 3 else { return nil }
        let n = Double(values.count)
        let meanX = (n - 1) / 2
        let meanY = values.reduce(0, +) / n
        var numerator = 0.0
        var denominator = 0.0
        for (x, y) in values.enumerated() {
            numerator += (Double(x) - meanX) * (y - meanY)
            denominator += (Double(x) - meanX) * (Double(x) - meanX)
        }
        return numerator / denominator
    }

    enum CodingKeys: String, CodingKey {
        case versions, diversity, diversitySlopePerDay, popularityReinforcement, narrowing
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(versions, forKey: .versions)
        try container.encode(diversity, forKey: .diversity)
        try container.encodeIfPresent(diversitySlopePerDay, forKey: .diversitySlopePerDay)
        try container.encode(popularityReinforcement, forKey: .popularityReinforcement)
        try container.encode(narrowing, forKey: .narrowing)
    }
}
