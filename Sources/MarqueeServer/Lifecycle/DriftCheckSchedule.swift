import Synchronization

/// When the lifecycle scheduler may look for drift: at most once per ``every`` of event time. A drift report reads the
/// activity of the reference window and everything since (millions of events a day at the reference scale), so it
/// must not run on every tick of the scheduler, only as new event time arrives.
public final class DriftCheckSchedule: Sendable {
    /// Event time between two looks.
    public let every: Int64
    private let lastLook = Mutex<Int64?>(nil)

    /// Creates a schedule; `every` is in microseconds of event time (1 hour by default).
    public init(everyMicroseconds: Int64 = 3_600_000_000) {
        every = everyMicroseconds
    }

    /// Whether a look is due with the log at `eventTime` (microseconds); a due look is recorded as taken.
    public func takeLookIfDue(at eventTime: Int64) -> Bool {
        lastLook.withLock { last in
            if let previous = last, eventTime < previous + every { return false }
            last = eventTime
            return true
        }
    }
}
