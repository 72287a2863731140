import Foundation
import MarqueeCore

/// The result of comparing models on one split: what `marquee evaluate --json` prints and `report.json` holds.
///
/// JSON: `{"split": {"kind": "global" | "per-user", ...}, "models": [{"name", "metrics", "by_group", "train_seconds",
/// "latency_ms": {"p50", "p99"}, "size_bytes": {"disk", "memory"}}]}`.
public struct ComparisonReport: Hashable, Sendable, Codable {
    /// How the data was split and how much of it each side got.
    public struct Split: Hashable, Sendable, Codable {
        /// `global` or `per-user`.
        public var kind: String
        /// The cut's quantile of event time (global splits).
        public var quantile: Double?
        /// The share of each user's interactions held out (per-user splits).
        public var testFraction: Double?
        /// The cut time, ISO-8601 (global splits).
        public var cutTime: String?
        /// Training interactions (user, movie pairs).
        public var trainInteractions: Int
        /// Test interactions kept after dropping unknown users and movies.
        public var testInteractions: Int
        /// Test interactions dropped because training has no positive feedback for their user or movie.
        public var droppedTestInteractions: Int
        /// Users with training interactions.
        public var trainUsers: Int
        /// Test users evaluated (with at least one relevant test movie).
        public var testUsers: Int
        /// Movies with positive training feedback: the catalogue for coverage and novelty.
        public var catalogueMovies: Int
        /// Whether test users and movies unknown to training were kept.
        public var includesColdStart: Bool
        /// What leaks, if anything, across the cut.
        public var leakage: String

        enum CodingKeys: String, CodingKey {
            case kind, quantile
            case testFraction = "test_fraction"
            case cutTime = "cut_time"
            case trainInteractions = "train_interactions"
            case testInteractions = "test_interactions"
            case droppedTestInteractions = "dropped_test_interactions"
            case trainUsers = "train_users"
            case testUsers = "test_users"
            case catalogueMovies = "catalogue_movies"
            case includesColdStart = "includes_cold_start"
            case leakage
        }

        /// The summary of `split`.
        public init(_ split: EvaluationSplit) {
            kind = split.configuration.method.kind
            switch split.configuration.method {
            case .global(let quantile):
                self.quantile = quantile
                leakage = "none: every training interaction is strictly before the cut time, every test interaction at or after it"
            case .perUser(let fraction):
                testFraction = fraction
                leakage = "mild, across users: each user's training interactions precede that user's test interactions, "
                    + "but other users' training interactions may be later than them (future popularity leaks in)"
            }
            cutTime = split.cutTime?.iso8601
            trainInteractions = split.train.count
            testInteractions = split.test.count
            droppedTestInteractions = split.droppedTestInteractions
            trainUsers = split.trainUserCount
            testUsers = split.cases.count
            catalogueMovies = split.popularityRanking.count
            includesColdStart = split.configuration.includeColdStart
        }
    }

    /// One model's measurements.
    public struct Model: Hashable, Sendable, Codable {
        /// Sizes in bytes.
        public struct Size: Hashable, Sendable, Codable {
            /// The model's artifact on disk.
            public var disk: Int
            /// The model's parameters in memory, as the model reports them.
            public var memory: Int

            /// Creates sizes.
            public init(disk: Int, memory: Int) {
                self.disk = disk
                self.memory = memory
            }
        }

        /// The name the model was asked for by, e.g. `als`.
        public var name: String
        /// Metrics over all test users.
        public var metrics: MetricSet
        /// Metrics per demographic dimension and group.
        public var byGroup: GroupBreakdown
        /// Wall-clock seconds of training on the training split.
        public var trainSeconds: Double
        /// Per-request recommendation latency, one thread.
        public var latencyMilliseconds: LatencySummary
        /// Size on disk and in memory.
        public var sizeBytes: Size

        enum CodingKeys: String, CodingKey {
            case name, metrics
            case byGroup = "by_group"
            case trainSeconds = "train_seconds"
            case latencyMilliseconds = "latency_ms"
            case sizeBytes = "size_bytes"
        }

        /// Creates a model result.
        public init(
            name: String, metrics: MetricSet, byGroup: GroupBreakdown, trainSeconds: Double, latencyMilliseconds: LatencySummary,
            sizeBytes: Size
        ) {
            self.name = name
            self.metrics = metrics
            self.byGroup = byGroup
            self.trainSeconds = trainSeconds
            self.latencyMilliseconds = latencyMilliseconds
            self.sizeBytes = sizeBytes
        }
    }

    /// The split.
    public var split: Split
    /// The models, in the order they were asked for.
    public var models: [Model]

    /// Creates a report.
    public init(split: Split, models: [Model]) {
        self.split = split
        self.models = models
    }

    /// The report as one line of JSON with sorted keys.
    public func jsonData(pretty: Bool = false) throws(EvaluationError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            return try encoder.encode(self)
        } catch {
            throw EvaluationError(.io, "could not encode the comparison report as JSON", cause: error)
        }
    }
}
