import Logging
import MarqueeCore
import MarqueeServer
import MarqueeStore
import Testing

struct TelemetryBufferTests {
    private func record(_ user: Int64) -> TelemetryRecord {
        TelemetryRecord(
            wallTime: WallTime(microseconds: 1_700_000_000_000_000 + user), user: UserID(user)!,
            answer: ServedAnswer(movies: [MovieID("alien+1979")!], modelVersion: "v1", route: .production, usedFallback: false),
            latencyMicroseconds: 120)
    }

    @Test func fullBufferDropsAndCountsInsteadOfWaiting() {
        // Given a buffer of 3
        let buffer = TelemetryBuffer(capacity: 3)
        // When 5 records arrive
        let accepted = (1...5).map { buffer.record(record($0)) }
        // Then 3 are kept and 2 dropped and counted
        #expect(accepted == [true, true, true, false, false])
        let drained = buffer.drain()
        #expect(drained.records.map(\.user.rawValue) == [1, 2, 3])
        #expect(drained.dropped == 2)
        #expect(buffer.drain().dropped == 0)
    }

    @Test func flusherWritesBufferedRecordsToTheStore() async throws {
        let store = try SQLiteEventStore.inMemory()
        let buffer = TelemetryBuffer()
        for user in 1...10 { buffer.record(record(Int64(user))) }
        let flusher = TelemetryFlusher(buffer: buffer, store: store, metrics: ServerMetrics(), logger: Logger(label: "test"))
        await flusher.flush()
        #expect(try await store.telemetryCount() == 10)
        let stored = try await store.telemetry(of: UserID(4)!)
        #expect(stored == [record(4)])
        #expect(buffer.count == 0)
    }
}
