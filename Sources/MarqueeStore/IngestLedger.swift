import MarqueeCore

/// What ingest did over a range of batches, from the store's ledger: the data that arrived between two snapshots.
public struct IngestLedger: Hashable, Sendable {
    /// Batches in the range that have a ledger row (batches stored before the ledger existed have none).
    public var batches: Int
    /// Events newly stored.
    public var stored: Int
    /// Events skipped because an identical event was already stored.
    public var duplicates: Int
    /// Lines quarantined, by reason code.
    public var quarantinedByReason: [String: Int]
    /// Stored events that arrived late: over a minute older than the newest event stored before them.
    public var late: Int
    /// The earliest and latest event time of the stored events.
    public var eventTimeFrom: EventTime?
    public var eventTimeTo: EventTime?

    /// Creates a ledger summary.
    public init(
        batches: Int = 0, stored: Int = 0, duplicates: Int = 0, quarantinedByReason: [String: Int] = [:], late: Int = 0,
        eventTimeFrom: EventTime? = nil, eventTimeTo: EventTime? = nil
    ) {
        self.batches = batches
        self.stored = stored
        self.duplicates = duplicates
        self.quarantinedByReason = quarantinedByReason
        self.late = late
        self.eventTimeFrom = eventTimeFrom
        self.eventTimeTo = eventTimeTo
    }

    /// Lines quarantined, whatever the reason.
    public var quarantined: Int { quarantinedByReason.values.reduce(0, +) }

    /// Every line read: stored, duplicate or quarantined.
    public var lines: Int { stored + duplicates + quarantined }
}
