import MarqueeCore
import MarqueeStore

/// An error of ingestion: a stable code, a message naming the bad input and the fix, and the cause.
public struct IngestError: ActionableError {
    /// A stable error code; codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case fileNotFound = "file_not_found"
            case unreadable
            case readFailed = "read_failed"
            case checkpointBeyondEnd = "checkpoint_beyond_end"
            case store
            case invalidConfiguration = "invalid_configuration"
            case kafkaUnreachable = "kafka_unreachable"
            case kafkaUnknownTopic = "kafka_unknown_topic"
            case kafkaAuthentication = "kafka_authentication"
            case kafka
        }

        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The input file or directory does not exist.
        public static let fileNotFound = Code(.fileNotFound)
        /// The input exists but cannot be opened (permissions, a directory where a file was expected).
        public static let unreadable = Code(.unreadable)
        /// Reading the input failed midway.
        public static let readFailed = Code(.readFailed)
        /// The stored checkpoint lies beyond the end of the file: it was truncated or replaced.
        public static let checkpointBeyondEnd = Code(.checkpointBeyondEnd)
        /// The event store failed; the cause is a `StoreError`.
        public static let store = Code(.store)
        /// A setting has a value that cannot work.
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// No Kafka broker answered, even after retries with backoff.
        public static let kafkaUnreachable = Code(.kafkaUnreachable)
        /// The Kafka topic does not exist on the cluster.
        public static let kafkaUnknownTopic = Code(.kafkaUnknownTopic)
        /// The Kafka cluster refused the client's credentials or their rights on the topic or group.
        public static let kafkaAuthentication = Code(.kafkaAuthentication)
        /// Any other Kafka failure: a rejected setting, a failed commit or delivery.
        public static let kafka = Code(.kafka)

        public var description: String { value.rawValue }
    }

    /// What kind of failure this is.
    public let code: Code
    /// What went wrong and how to fix it.
    public let message: String
    /// The underlying error, if any.
    public let cause: (any Error & Sendable)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// Wraps a store failure; the message is the store's, the cause the `StoreError` itself.
    init(_ storeError: StoreError) {
        self.init(.store, storeError.message, cause: storeError)
    }

    public var description: String {
        if let cause, code != .store { return "\(message) (\(cause))" }
        return message
    }
}
