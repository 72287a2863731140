import MarqueeCore

/// An error of offline evaluation: a stable code, a message naming the problem and the fix, and the cause.
public struct EvaluationError: ActionableError {
    /// A stable error code; codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case invalidConfiguration = "invalid_configuration"
            case insufficientData = "insufficient_data"
            case model
            case io
        }

        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// A split, metric or comparison setting has a value that cannot work.
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// The data leaves nothing to train on or nothing to test on.
        public static let insufficientData = Code(.insufficientData)
        /// Training or describing a model failed; the cause is a `ModelError`.
        public static let model = Code(.model)
        /// Writing a report or measuring an artifact on disk failed.
        public static let io = Code(.io)

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
