/// An error of Marquee's core: a stable code, a message a user can act on, and an optional cause.
public struct MarqueeError: ActionableError {
    /// A stable error code; new codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case invalidArgument = "invalid_argument"
            case notFound = "not_found"
            case io
            case corrupt
        }

        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// An argument or setting has a value that cannot work.
        public static let invalidArgument = Code(.invalidArgument)
        /// A file, record or id does not exist.
        public static let notFound = Code(.notFound)
        /// Reading or writing failed.
        public static let io = Code(.io)
        /// Stored data is damaged or of a foreign format.
        public static let corrupt = Code(.corrupt)

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
