import Synchronization

/// A clock that never waits: each reading of `now` is one second after the previous one, so time budgets can be
/// tested in readings instead of real time.
final class SteppingClock: Clock, Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration

        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private let readings = Mutex(0)

    var now: Instant {
        readings.withLock { count in
            count += 1
            return Instant(offset: .seconds(count))
        }
    }

    var minimumResolution: Duration { .seconds(1) }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {}
}
