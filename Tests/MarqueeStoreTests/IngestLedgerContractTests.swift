import MarqueeCore
import MarqueeStore
import MarqueeTestSupport
import Testing

/// The ingest ledger every ``EventStore`` keeps: what each batch stored, skipped, quarantined, and how late it was.
struct IngestLedgerContractTests {
    private typealias F = LogFixture

    private static func quarantined(_ offset: Int64, _ reason: RejectionReason) -> QuarantinedLine {
        QuarantinedLine(source: "test", offset: offset, line: "bad line \(offset)", reason: reason, detail: "test")
    }

    @Test(arguments: EventStoreFactory.all)
    func ledgerCountsStoredDuplicateQuarantinedAndLateLinesPerBatchRange(factory: EventStoreFactory) async throws {
        try await factory.withStore { store in
            // Given three batches: on time, then a replay with a late event and quarantined lines, then a later one
            _ = try await store.store(
                IngestBatch(source: "test", events: [F.watch(1, "heat+1995", minute: 0, at: 1_000), F.watch(1, "heat+1995", minute: 1, at: 1_060)]))
            _ = try await store.store(
                IngestBatch(
                    source: "test", events: [F.watch(1, "heat+1995", minute: 1, at: 1_060), F.watch(2, "alien+1979", minute: 0, at: 10)],
                    quarantined: [Self.quarantined(5, .badTimestamp), Self.quarantined(9, .unknownUser), Self.quarantined(12, .badTimestamp)]))
            _ = try await store.store(IngestBatch(source: "test", events: [F.rate(2, "alien+1979", rating: 4, at: 2_000)]))
            // When the ledger is read over the last two batches
            let ledger = try await store.ingestLedger(afterBatch: 1, throughBatch: 3)
            // Then it counts what those batches did: one duplicate, one event 1,050 s behind the newest stored one
            #expect(ledger.batches == 2)
            #expect(ledger.stored == 2 && ledger.duplicates == 1 && ledger.late == 1)
            #expect(ledger.quarantinedByReason == ["bad_timestamp": 2, "unknown_user": 1])
            #expect(ledger.lines == 6)
            #expect(ledger.eventTimeFrom == F.time(10) && ledger.eventTimeTo == F.time(2_000))
            // And the first batch alone had nothing late, duplicate or quarantined
            let first = try await store.ingestLedger(afterBatch: 0, throughBatch: 1)
            #expect(first == IngestLedger(batches: 1, stored: 2, eventTimeFrom: F.time(1_000), eventTimeTo: F.time(1_060)))
        }
    }

    @Test(arguments: EventStoreFactory.all)
    func ledgerOfAnEmptyRangeIsEmpty(factory: EventStoreFactory) async throws {
        try await factory.withStore { store in
            _ = try await store.store(IngestBatch(source: "test", events: [F.watch(1, "heat+1995", minute: 0, at: 1)]))
            #expect(try await store.ingestLedger(afterBatch: 1, throughBatch: 1) == IngestLedger())
        }
    }
}
