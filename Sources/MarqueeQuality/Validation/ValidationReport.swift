/// The outcome of checking a ``DataProfile`` against an ``ExpectationSuite``.
public struct ValidationReport: Sendable, Encodable {
    /// One expectation's outcome.
    public struct Result: Sendable, Encodable {
        /// How an expectation came out.
        public enum Status: String, Sendable, Encodable {
            case passed, failed
            /// The window had no data to measure the metric on.
            case notMeasured = "not_measured"
        }

        public var expectation: Expectation
        /// The measured value, when there was one.
        public var observed: Double?
        public var status: Status

        /// Whether this result stops training.
        public var blocks: Bool { status == .failed && expectation.blocking }

        /// The observed value in the metric's unit, or `–`.
        public var observedDescription: String {
            guard let observed else { return "–" }
            return expectation.metric.isShare ? Expectation.formatShare(observed) : Expectation.formatVolume(observed)
        }

        enum CodingKeys: String, CodingKey {
            case expectation, observed, status, blocks
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(expectation, forKey: .expectation)
            try container.encodeIfPresent(observed, forKey: .observed)
            try container.encode(status, forKey: .status)
            try container.encode(blocks, forKey: .blocks)
        }
    }

    /// The window checked.
    public var profile: DataProfile
    /// Where the expectations came from, e.g. a file path or `built-in`.
    public var expectationsSource: String
    public var results: [Result]

    /// Whether no blocking expectation failed: the data may be trained on.
    public var passed: Bool { !results.contains(where: \.blocks) }

    /// The blocking failures, as one sentence each.
    public var blockingFailures: [String] {
        results.filter(\.blocks).map {
            "\($0.expectation.metric) is \($0.observedDescription), outside \($0.expectation.boundsDescription) (\($0.expectation.why))"
        }
    }

    enum CodingKeys: String, CodingKey {
        case profile, results, passed
        case expectationsSource = "expectations"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(profile, forKey: .profile)
        try container.encode(expectationsSource, forKey: .expectationsSource)
        try container.encode(results, forKey: .results)
        try container.encode(passed, forKey: .passed)
    }
}
