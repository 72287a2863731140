import MarqueeStore
import Synchronization

/// A bounded in-memory buffer between the request path and the telemetry store.
///
/// Recording takes a lock for an append and never waits for the store; when the buffer is full the record is
/// dropped and counted, so a slow or failing store can never slow an answer.
public final class TelemetryBuffer: Sendable {
    /// The most records held before new ones are dropped.
    public let capacity: Int
    private let state: Mutex<(records: [TelemetryRecord], dropped: Int)>

    /// Creates a buffer holding at most `capacity` records.
    public init(capacity: Int = 100_000) {
        self.capacity = max(1, capacity)
        self.state = Mutex(([], 0))
    }

    /// Adds a record, or drops and counts it when the buffer is full.
    /// - Returns: `false` when the record was dropped.
    @discardableResult
    public func record(_ record: TelemetryRecord) -> Bool {
        state.withLock { state in
            guard state.records.count < capacity else {
                state.dropped += 1
                return false
            }
            state.records.append(record)
            return true
        }
    }

    /// Takes every buffered record and the number dropped since the last call.
    public func drain() -> (records: [TelemetryRecord], dropped: Int) {
        state.withLock { state in
            defer { state = ([], 0) }
            return state
        }
    }

    /// Records waiting to be written.
    public var count: Int { state.withLock { $0.records.count } }
}
