import MarqueeCore
import MarqueeStore

/// What an ingest run did; also the payload of progress reports.
public struct IngestSummary: Hashable, Sendable {
    /// The source's name, e.g. `file:/var/log/movielog`.
    public var source: String
    /// Lines read in this run (not counting lines skipped thanks to the checkpoint).
    public var linesRead: Int
    /// Bytes read in this run.
    public var bytesRead: Int64
    /// Events newly stored.
    public var eventsStored: Int
    /// Events skipped because they were already stored.
    public var duplicates: Int
    /// Lines quarantined in this run, per reason.
    public var quarantinedByReason: [RejectionReason: Int]
    /// Batches stored.
    public var batches: Int
    /// The offset the run started at (the checkpoint it resumed from, or 0).
    public var startOffset: Int64
    /// The source position after the last stored batch, when the source is seekable.
    public var position: SourcePosition?
    /// The checkpoint this run could not resume from, so it read the source from its start: the file the checkpoint
    /// was in is gone (renamed away by a rotation and deleted or moved out of the directory) or shorter than the
    /// checkpoint. Lines that file held after the checkpoint were not read; lines read again are skipped as duplicates.
    public var lostCheckpoint: SourcePosition?
    /// Wall time the run took, in seconds.
    public var elapsedSeconds: Double

    /// Creates a summary.
    public init(
        source: String, linesRead: Int = 0, bytesRead: Int64 = 0, eventsStored: Int = 0, duplicates: Int = 0,
        quarantinedByReason: [RejectionReason: Int] = [:], batches: Int = 0, startOffset: Int64 = 0, position: SourcePosition? = nil,
        elapsedSeconds: Double = 0
    ) {
        self.source = source
        self.linesRead = linesRead
        self.bytesRead = bytesRead
        self.eventsStored = eventsStored
        self.duplicates = duplicates
        self.quarantinedByReason = quarantinedByReason
        self.batches = batches
        self.startOffset = startOffset
        self.position = position
        self.elapsedSeconds = elapsedSeconds
    }

    /// What an operator should know about ``lostCheckpoint``, if there is one.
    public var lostCheckpointWarning: String? {
        lostCheckpoint.map { lost in
            "the checkpoint at byte \(lost.offset) of \(source) is in a file that is gone or shorter than that (rotated away?); "
                + "the log was read from its start, and lines the old file held after the checkpoint were not ingested"
        }
    }

    /// Lines quarantined in this run.
    public var quarantined: Int { quarantinedByReason.values.reduce(0, +) }

    /// Lines per second of wall time.
    public var linesPerSecond: Double { elapsedSeconds > 0 ? Double(linesRead) / elapsedSeconds : 0 }
}

/// A progress report: the summary so far.
public typealias IngestProgress = IngestSummary
