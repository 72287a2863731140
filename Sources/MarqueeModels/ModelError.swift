import MarqueeCore

/// An error of the models module: a stable code, a message naming the problem and the fix, and the cause.
public struct ModelError: ActionableError {
    /// A stable error code; codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case invalidParameter = "invalid_parameter"
            case unknownKind = "unknown_kind"
            case insufficientData = "insufficient_data"
            case corruptArtifact = "corrupt_artifact"
            case incompatibleArtifact = "incompatible_artifact"
            case artifactTooLarge = "artifact_too_large"
            case tooManyMovies = "too_many_movies"
            case io
        }

        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// A hyperparameter has a value the model cannot use.
        public static let invalidParameter = Code(.invalidParameter)
        /// No model of that kind exists.
        public static let unknownKind = Code(.unknownKind)
        /// The data is too small or empty to train on.
        public static let insufficientData = Code(.insufficientData)
        /// An artifact is truncated or its checksum does not match.
        public static let corruptArtifact = Code(.corruptArtifact)
        /// An artifact is not a Marquee model, or of a format version this build cannot read.
        public static let incompatibleArtifact = Code(.incompatibleArtifact)
        /// An artifact is larger than the configured limit.
        public static let artifactTooLarge = Code(.artifactTooLarge)
        /// The catalogue is too large for the model kind (EASE's dense solve).
        public static let tooManyMovies = Code(.tooManyMovies)
        /// Reading or writing an artifact failed.
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
