import MarqueeCore

/// An error of the event store: a stable code, a message naming the problem and the fix, and the cause.
public struct StoreError: ActionableError {
    /// A stable error code; codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case cannotOpen = "cannot_open"
            case corrupt
            case migrationFailed = "migration_failed"
            case writeFailed = "write_failed"
            case readFailed = "read_failed"
            case invalidLocation = "invalid_location"
            case notFound = "not_found"
            case configurationConflict = "configuration_conflict"
            case staleLease = "stale_lease"
        }

        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The store could not be opened (missing directory, permissions, locked).
        public static let cannotOpen = Code(.cannotOpen)
        /// The file is not a Marquee store or is damaged.
        public static let corrupt = Code(.corrupt)
        /// The schema could not be brought up to date.
        public static let migrationFailed = Code(.migrationFailed)
        /// A write failed; nothing of the batch was stored.
        public static let writeFailed = Code(.writeFailed)
        /// A read failed.
        public static let readFailed = Code(.readFailed)
        /// The store location is not understood.
        public static let invalidLocation = Code(.invalidLocation)
        /// A record asked for by name does not exist.
        public static let notFound = Code(.notFound)
        /// A configuration given to a command differs from the one recorded in the store.
        public static let configurationConflict = Code(.configurationConflict)
        /// A write guarded by a lease was refused: the lease passed to another holder after the writer took it.
        public static let staleLease = Code(.staleLease)

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
}
