import MarqueeCore

/// A (user, movie key) pair.
struct InteractionKey: Hashable {
    var user: Int64
    var movie: Int64
}

/// What the new events of one batch add to an interaction; both stores merge it into `interactions` the same way:
/// minutes add up, the rating with the latest time wins (the later-stored on a tie), the last time is the greatest.
struct InteractionDelta {
    var minutes = 0
    var rating: Int?
    var ratingTime: Int64?
    var lastTime = Int64.min

    mutating func addWatch(at time: Int64) {
        minutes += 1
        lastTime = max(lastTime, time)
    }

    mutating func addRating(_ value: Int, at time: Int64) {
        if ratingTime.map({ time >= $0 }) ?? true {
            rating = value
            ratingTime = time
        }
        lastTime = max(lastTime, time)
    }
}

/// Newly stored events per kind in one batch.
struct KindCounts {
    var watch = 0
    var rate = 0
    var recommendation = 0
    var account = 0

    /// The counter deltas a batch adds, with its duplicates and the batch itself.
    func counterDeltas(duplicates: Int) -> [(name: String, delta: Int)] {
        [
            (StoreCounter.duplicates, duplicates), (StoreCounter.watch, watch), (StoreCounter.rate, rate),
            (StoreCounter.recommendation, recommendation), (StoreCounter.account, account), (StoreCounter.batches, 1),
        ]
    }
}

/// What the events of one (user, movie) within a snapshot add up to: minutes are the number of watch events, the
/// rating is the latest by event time (the higher value on a tie), the time is the latest event's.
struct SnapshotAggregate {
    var minutes = 0
    var rating: Int?
    var ratingTime = Int64.min
    var lastTime = Int64.min

    mutating func add(isWatch: Bool, value: Int, time: Int64) {
        lastTime = max(lastTime, time)
        if isWatch {
            minutes += 1
        } else if time > ratingTime || (time == ratingTime && value > (rating ?? Int.min)) {
            rating = value
            ratingTime = time
        }
    }
}

extension SnapshotAggregate {
    /// The interactions of `aggregates`, ordered by user then movie, with movie keys resolved by `movies`.
    /// - Throws: ``StoreError`` `.corrupt` when a user id or movie key does not resolve.
    static func interactions(
        of aggregates: [InteractionKey: SnapshotAggregate], movies: [Int64: MovieID], location: String
    ) throws(StoreError) -> [Interaction] {
        var interactions: [Interaction] = []
        interactions.reserveCapacity(aggregates.count)
        for (key, aggregate) in aggregates {
            guard let user = UserID(key.user), let movie = movies[key.movie] else {
                throw StoreError(.corrupt, "\(location) holds an event with an invalid user or movie key; the store is damaged")
            }
            interactions.append(
                Interaction(
                    user: user, movie: movie, minutesWatched: aggregate.minutes, latestRating: aggregate.rating,
                    lastTime: EventTime(microseconds: aggregate.lastTime)))
        }
        interactions.sort { $0.user != $1.user ? $0.user < $1.user : $0.movie < $1.movie }
        return interactions
    }
}
