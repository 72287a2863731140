import MarqueeCore

/// Settings of an ingest run.
public struct IngestConfiguration: Sendable {
    /// When events are checked against the catalogue.
    public struct ReferenceValidation: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case automatic, always, never
        }

        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// Check movies when the store has movie records, and users when it has user records.
        public static let automatic = ReferenceValidation(.automatic)
        /// Always check movies and users: with an empty catalogue every watch or rate event is quarantined.
        public static let always = ReferenceValidation(.always)
        /// Never check.
        public static let never = ReferenceValidation(.never)

        public var description: String { value.rawValue }
    }

    /// Lines per stored batch; each batch is one transaction with its checkpoint.
    public var batchSize: Int
    /// The log-line codec's settings (rating scale, maximum line length).
    public var codec: LogLineCodecConfiguration
    /// Whether events naming users or movies missing from the catalogue are quarantined.
    public var referenceValidation: ReferenceValidation
    /// Report progress after every this many batches.
    public var progressInterval: Int

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - batchSize: lines per stored batch (at least 1).
    ///   - codec: the log-line codec's settings.
    ///   - referenceValidation: when to check events against the catalogue.
    ///   - progressInterval: batches between progress reports (at least 1).
    public init(
        batchSize: Int = 10_000, codec: LogLineCodecConfiguration = .init(), referenceValidation: ReferenceValidation = .automatic,
        progressInterval: Int = 10
    ) {
        self.batchSize = max(1, batchSize)
        self.codec = codec
        self.referenceValidation = referenceValidation
        self.progressInterval = max(1, progressInterval)
    }
}
