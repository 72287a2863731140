import MarqueeCore
import MarqueeStore

/// The ingest loop: reads lines from a source, parses and validates them, and stores them in batches, each batch
/// in one transaction together with its quarantined lines and the source checkpoint after it.
///
/// Because events and checkpoint commit together and identical events are skipped, a run killed at any moment
/// and started again stores every event exactly once.
public struct EventIngestor<C: Clock>: Sendable where C.Duration == Duration {
    /// Where events go.
    public let store: any EventStore
    /// Batch size, codec and validation settings.
    public let configuration: IngestConfiguration
    /// The clock that times runs.
    public let clock: C

    /// Creates an ingestor.
    ///
    /// - Parameters:
    ///   - store: where events go.
    ///   - configuration: batch size, codec and validation settings.
    ///   - clock: the clock that times runs.
    public init(store: any EventStore, configuration: IngestConfiguration = .init(), clock: C) {
        self.store = store
        self.configuration = configuration
        self.clock = clock
    }

    /// Ingests a log file, resuming after the last checkpoint of `file:<absolute path>`.
    ///
    /// - Parameters:
    ///   - path: the log file.
    ///   - follow: keep reading lines appended to the file until the task is cancelled.
    ///   - fromStart: ignore the checkpoint and read the whole file again (stored events are skipped as duplicates).
    ///   - pollInterval: how often to look for new lines when following.
    ///   - progress: called after every ``IngestConfiguration/progressInterval`` batches.
    ///   - stored: called with the events of each batch once it is stored, in source order (events skipped as
    ///     duplicates included, so a receiver must tolerate seeing an event again).
    /// - Returns: what the run read and stored.
    /// - Throws: ``IngestError`` when the file cannot be read or the store fails; batches stored before remain stored.
    public func ingest(
        file path: String, follow: Bool = false, fromStart: Bool = false, pollInterval: Duration = .milliseconds(250),
        progress: (@Sendable (IngestProgress) -> Void)? = nil, stored: (@Sendable ([Event]) -> Void)? = nil
    ) async throws(IngestError) -> IngestSummary {
        let source = try FileLineSource(path: path, follow: follow, pollInterval: pollInterval)
        return try await ingest(from: source, resume: !fromStart, progress: progress, stored: stored)
    }

    /// Ingests standard input until it ends or the task is cancelled.
    ///
    /// Standard input has no checkpoint: on cancellation, lines read since the last stored batch are not stored.
    public func ingestStandardInput(progress: (@Sendable (IngestProgress) -> Void)? = nil) async throws(IngestError) -> IngestSummary {
        try await ingest(from: StandardInputLineSource(), resume: false, progress: progress)
    }

    /// Ingests any line source.
    ///
    /// - Parameters:
    ///   - source: the lines to ingest.
    ///   - resume: continue after the source's checkpoint, when it has one and is seekable.
    ///   - progress: called after every ``IngestConfiguration/progressInterval`` batches.
    ///   - stored: called with the events of each batch once it is stored (see ``ingest(file:follow:fromStart:pollInterval:progress:stored:)``).
    /// - Returns: what the run read and stored. When the task is cancelled, the run stops after the last stored batch.
    public func ingest(
        from source: some LineSource, resume: Bool = true, progress: (@Sendable (IngestProgress) -> Void)? = nil,
        stored: (@Sendable ([Event]) -> Void)? = nil
    ) async throws(IngestError) -> IngestSummary {
        var source = source
        let start = clock.now
        var summary = IngestSummary(source: source.name)
        if resume, source.isSeekable,
            let checkpoint = try await storeCall({ () async throws(StoreError) in try await store.position(of: source.name) })
        {
            summary.startOffset = try source.resume(from: checkpoint)
            summary.position = checkpoint
            if summary.startOffset == 0, checkpoint.offset > 0 { summary.lostCheckpoint = checkpoint }
        }
        let validation = configuration.referenceValidation
        var validator = try await storeCall { () async throws(StoreError) in
            try await ReferenceValidator(store: store, validation: validation)
        }
        var batch = BatchBuilder(source: source.name, capacity: configuration.batchSize, seekable: source.isSeekable)
        let codec = LogLineCodec(configuration: configuration.codec)
        let batchSize = configuration.batchSize
        let destination = store

        // While one batch is written (on the store's own thread), the next one is read and parsed. At most one
        // batch is in flight and each is awaited before the next is submitted, so batches commit in source order.
        let result = await withThrowingTaskGroup(of: StoredBatch.self, returning: Result<IngestSummary, IngestError>.self) { group in
            var inFlight = false
            func awaitInFlight() async throws {
                guard inFlight, let batch = try await group.next() else { return }
                inFlight = false
                account(batch, in: &summary, start: start, progress: progress)
                stored?(batch.taken.batch.events)
            }
            func submit() async throws {
                guard batch.lineCount > 0 else { return }
                try await awaitInFlight()
                let taken = batch.take()
                group.addTask { StoredBatch(taken: taken, outcome: try await destination.store(taken.batch)) }
                inFlight = true
            }
            do {
                reading: while true {
                    switch try await source.read() {
                    case .lines(let chunk):
                        batch.file = chunk.file
                        var index = 0
                        while index < chunk.bytes.count {
                            index = chunk.forEachLine(from: index, limit: batchSize - batch.lineCount) { line, offset, next in
                                batch.add(line, offset: offset, nextOffset: next, codec: codec, validator: &validator)
                            }
                            if batch.lineCount >= batchSize { try await submit() }
                        }
                    case .idle:
                        try await submit()
                        try await awaitInFlight()
                    case .end:
                        if !Task.isCancelled { try await submit() }
                        try await awaitInFlight()
                        break reading
                    }
                }
                return .success(summary)
            } catch {
                group.cancelAll()
                return .failure(Self.ingestError(error))
            }
        }
        summary = try result.get()
        summary.elapsedSeconds = Self.seconds(start.duration(to: clock.now))
        return summary
    }

    /// Accounts for a stored batch and reports progress when due.
    func account(
        _ stored: StoredBatch, in summary: inout IngestSummary, start: C.Instant, progress: (@Sendable (IngestProgress) -> Void)?
    ) {
        let batch = stored.taken.batch
        summary.linesRead += stored.taken.lineCount
        summary.bytesRead += stored.taken.byteCount
        summary.eventsStored += stored.outcome.stored
        summary.duplicates += stored.outcome.duplicates
        for line in batch.quarantined {
            summary.quarantinedByReason[line.reason, default: 0] += 1
        }
        summary.batches += 1
        if let position = batch.position { summary.position = position }
        if let progress, summary.batches % configuration.progressInterval == 0 {
            var report = summary
            report.elapsedSeconds = Self.seconds(start.duration(to: clock.now))
            progress(report)
        }
    }

    static func ingestError(_ error: any Error) -> IngestError {
        switch error {
        case let error as IngestError: error
        case let error as StoreError: IngestError(error)
        default: IngestError(.store, "storing a batch failed: \(error)")
        }
    }

    func storeCall<T>(_ body: () async throws(StoreError) -> T) async throws(IngestError) -> T {
        do {
            return try await body()
        } catch {
            throw IngestError(error)
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        duration.inSeconds
    }
}

extension EventIngestor where C == ContinuousClock {
    /// Creates an ingestor timed by the continuous clock.
    public init(store: any EventStore, configuration: IngestConfiguration = .init()) {
        self.init(store: store, configuration: configuration, clock: ContinuousClock())
    }
}

/// A batch and what storing it did.
struct StoredBatch: Sendable {
    var taken: BatchBuilder.Taken
    var outcome: BatchOutcome
}
