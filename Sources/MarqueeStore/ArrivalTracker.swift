/// Follows the event times of stored events in the order they arrive, to count late ones: events more than
/// ``tolerance`` older than the newest event stored before them (a log is written roughly in time order, so such an
/// event was delayed or replayed). Shared by the stores so they count alike.
struct ArrivalTracker {
    /// How far behind the newest stored event an event may be without counting as late: 60 s, for the interleaving
    /// of several writers or partitions.
    static let tolerance: Int64 = 60_000_000

    /// The newest event time stored so far, in microseconds.
    private(set) var latestStored: Int64?
    /// Events counted as late.
    private(set) var late = 0
    /// The earliest and latest event times added.
    private(set) var firstTime: Int64?
    private(set) var lastTime: Int64?

    /// Starts after events up to `latestStored` were stored.
    init(latestStored: Int64?) {
        self.latestStored = latestStored
    }

    /// Adds the time of a newly stored event.
    mutating func add(_ time: Int64) {
        if let latest = latestStored, time < latest - Self.tolerance { late += 1 }
        latestStored = max(latestStored ?? time, time)
        firstTime = min(firstTime ?? time, time)
        lastTime = max(lastTime ?? time, time)
    }
}
