import ArgumentParser
import Foundation
import MarqueeCore
import MarqueeIngest
import MarqueeStore

/// `marquee ingest`: parses, validates and stores an event log; bad lines go to the quarantine.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Store an event log file, standard input or a Kafka topic.",
        discussion: """
            A file is resumed from its checkpoint, so ingesting it again reads only what was appended. \
            Events already stored are skipped and counted as duplicates. Rejected lines are kept in the \
            quarantine with their reason and byte offset. With --kafka, the command joins consumer group \
            --group on --topic and commits offsets after each stored batch, until Ctrl-C (or, with \
            --until-caught-up, until its partitions are read to their end). With --metrics-port, it serves \
            GET /metrics (consumer lag per partition, rebalances, commits, librdkafka errors, events stored and \
            quarantined) for Prometheus while it runs.
            """
    )

    @OptionGroup var storeOptions: StoreOptions

    @OptionGroup var catalogueOptions: CatalogueOptions

    @Flag(name: .long, help: "Keep reading as the file grows (stop with Ctrl-C).")
    var follow = false

    @Flag(name: .long, help: "Read the file from its beginning, ignoring the checkpoint (duplicates are still skipped).")
    var fromStart = false

    @Option(name: .long, help: "Lines per stored batch (one transaction each).")
    var batchSize = 10_000

    @OptionGroup var serviceOptions: ServiceConfigurationOptions

    @Option(name: .long, help: "Highest rating of the service's scale, 5 or 10 (kept for compatibility; --service-config sets it).")
    var ratingScale: Int?

    @OptionGroup var kafkaOptions: KafkaOptions

    @Option(name: .long, help: "The Kafka consumer group to join (with --kafka), e.g. marquee.")
    var group: String?

    @Flag(name: .long, help: "With --kafka: stop once every assigned partition is read to its end.")
    var untilCaughtUp = false

    @Option(name: .long, help: "With --kafka: serve GET /metrics for Prometheus on this port while ingesting (0 picks a free one).")
    var metricsPort: Int?

    @Option(name: .long, help: "With --metrics-port: the interface to serve /metrics on.")
    var metricsHost = "127.0.0.1"

    @OptionGroup var loggingOptions: LoggingOptions

    @Argument(help: "The log file, or - for standard input.")
    var file: String = "-"

    func validate() throws {
        try kafkaOptions.validate()
        if kafkaOptions.isEnabled {
            guard let group, !group.isEmpty else { throw CommandFailure("--kafka needs --group, the consumer group to join (e.g. marquee)") }
            guard file == "-", !follow, !fromStart else {
                throw CommandFailure("--kafka reads a topic: drop the log file, --follow and --from-start (offsets are the group's)")
            }
        } else if group != nil || untilCaughtUp || metricsPort != nil {
            throw CommandFailure("--group, --until-caught-up and --metrics-port need --kafka BROKERS")
        }
        if let metricsPort, !(0...65_535).contains(metricsPort) {
            throw CommandFailure("--metrics-port must be 0...65535, got \(metricsPort)")
        }
        guard batchSize >= 1 else { throw CommandFailure("--batch-size must be at least 1, got \(batchSize)") }
        if file != "-", !FileManager.default.fileExists(atPath: file) {
            throw CommandFailure("no log file at '\(file)': check the path, or pass - to read standard input")
        }
        if file == "-", follow { throw CommandFailure("--follow needs a file; standard input is followed until it closes anyway") }
    }

    func run() async throws {
        let store = try await storeOptions.open()
        let service = try await serviceOptions.agreed(with: store, ratingScale: ratingScale)
        let terminal = ProgressLine()
        if let catalogue = catalogueOptions.directory() {
            let loaded = try await CatalogueLoader(store: store, selfDescriptionFields: service.selfDescriptionFields).load(directory: catalogue)
            terminal.finish(CatalogueReport(loaded).text)
        }
        let configuration = IngestConfiguration(batchSize: batchSize, codec: .init(ratingScale: service.ratingScale))
        let ingestor = EventIngestor(store: store, configuration: configuration, clock: ContinuousClock())
        let progress: @Sendable (IngestProgress) -> Void = { terminal.update(IngestReport($0).progressText) }
        let summary: IngestSummary
        if kafkaOptions.isEnabled {
            summary = try await ingestKafka(with: ingestor, terminal: terminal)
        } else if file == "-" {
            summary = try await ingestor.ingestStandardInput(progress: progress)
        } else {
            summary = try await ingestor.ingest(file: file, follow: follow, fromStart: fromStart, progress: progress)
        }
        terminal.finish(IngestReport(summary).text)
    }
}

/// Human-readable lines about an ingest run.
struct IngestReport {
    let summary: IngestSummary

    init(_ summary: IngestSummary) {
        self.summary = summary
    }

    var progressText: String {
        "ingesting: \(summary.linesRead) lines, \(summary.eventsStored) stored, \(summary.quarantined) quarantined, "
            + "\(Int(summary.linesPerSecond)) lines/s"
    }

    var text: String {
        var lines = [
            "read \(summary.linesRead) lines (\(summary.bytesRead) bytes) from \(summary.source)"
                + (summary.startOffset > 0 ? ", resuming at byte \(summary.startOffset)" : ""),
            "stored \(summary.eventsStored) events, skipped \(summary.duplicates) duplicates, quarantined \(summary.quarantined) lines",
        ]
        for (reason, count) in summary.quarantinedByReason.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(reason.rawValue): \(count)")
        }
        if let warning = summary.lostCheckpointWarning { lines.append("warning: " + warning) }
        lines.append(String(format: "%.2f s, %.0f lines/s", summary.elapsedSeconds, summary.linesPerSecond))
        return lines.joined(separator: "\n")
    }
}

/// Human-readable lines about a catalogue load.
struct CatalogueReport {
    let summary: CatalogueSummary

    init(_ summary: CatalogueSummary) {
        self.summary = summary
    }

    var text: String {
        [summary.users, summary.movies].compactMap { file in
            file.map { "loaded \($0.loaded) records from \($0.path), skipped \($0.skippedCount) bad lines" }
        }.joined(separator: "\n")
    }
}
