import MarqueeCore
import MarqueeEvaluation
import MarqueeQuality
import MarqueeStore

/// Everything the dashboard and the HTML report show, loaded from the store at one moment by ``DashboardLoader``.
public struct DashboardSnapshot: Sendable {
    /// When it was loaded (wall time).
    public var loadedAt: WallTime
    /// The log's availability and latency per time bucket (event time), oldest first.
    public var service: [ServiceBucket]
    /// The length of ``service``'s buckets in seconds.
    public var serviceBucketSeconds: Int64
    /// The last hour of logged requests (event time, up to the latest one); `nil` before any request.
    public var lastHour: ServiceBucket?
    /// The server's own latency per wall-clock bucket, from its telemetry, oldest first.
    public var serverLatency: [LatencyBucket]
    /// The length of ``serverLatency``'s buckets in seconds.
    public var serverLatencyBucketSeconds: Int64
    /// The online metric of the answers in the window: overall, per version, route, day, and version and day.
    public var online: OnlineEvaluationReport?
    /// Licence cost per view of every view and of the recommended views in the online metric's window (overall, per model
    /// version and day); `nil` before any logged request.
    public var licenceCosts: LicenceCostSummary?
    /// Deployments and experiments, on the event-time axis.
    public var markers: [LifecycleMarker]
    public var dataQuality: DataQuality
    /// Drift of what users watch against the newest model's snapshot; `nil` before any version.
    public var drift: DriftReport?
    /// Every registered version, oldest first, with provenance, offline metrics and stages.
    public var models: [ModelVersionRecord]
    /// Every A/B experiment, oldest first.
    public var experiments: [ExperimentRecord]

    /// Creates a snapshot.
    public init(
        loadedAt: WallTime, service: [ServiceBucket] = [], serviceBucketSeconds: Int64 = 3_600, lastHour: ServiceBucket? = nil,
        serverLatency: [LatencyBucket] = [], serverLatencyBucketSeconds: Int64 = 3_600, online: OnlineEvaluationReport? = nil,
        licenceCosts: LicenceCostSummary? = nil, markers: [LifecycleMarker] = [], dataQuality: DataQuality = DataQuality(), drift: DriftReport? = nil,
        models: [ModelVersionRecord] = [],
        experiments: [ExperimentRecord] = []
    ) {
        self.loadedAt = loadedAt
        self.service = service
        self.serviceBucketSeconds = serviceBucketSeconds
        self.lastHour = lastHour
        self.serverLatency = serverLatency
        self.serverLatencyBucketSeconds = serverLatencyBucketSeconds
        self.online = online
        self.licenceCosts = licenceCosts
        self.markers = markers
        self.dataQuality = dataQuality
        self.drift = drift
        self.models = models
        self.experiments = experiments
    }

    /// The version now in production, if any.
    public var production: ModelVersionRecord? { models.last { $0.stage == .production } }
}

/// Latency percentiles, in milliseconds.
public struct LatencyPercentiles: Hashable, Sendable {
    public var p50: Double
    public var p95: Double
    public var p99: Double

    /// The percentiles of `histogram`, or `nil` when it is empty.
    public init?(_ histogram: LatencyHistogram) {
        guard let p50 = histogram.quantile(0.5), let p95 = histogram.quantile(0.95), let p99 = histogram.quantile(0.99) else { return nil }
        (self.p50, self.p95, self.p99) = (p50, p95, p99)
    }
}

/// Logged recommendation requests of one time bucket, as the streaming service saw them.
public struct ServiceBucket: Hashable, Sendable {
    /// The bucket's start (event time).
    public var start: EventTime
    public var requests: Int
    /// Requests answered with status 200.
    public var succeeded: Int
    /// Response times the service logged; `nil` without requests.
    public var latency: LatencyPercentiles?

    /// The share of requests answered OK, or `nil` without requests.
    public var availability: Double? { requests > 0 ? Double(succeeded) / Double(requests) : nil }
}

/// The server's latency in one wall-clock bucket.
public struct LatencyBucket: Hashable, Sendable {
    /// The bucket's start, in wall-clock microseconds since 1970.
    public var start: Int64
    public var answers: Int
    public var latency: LatencyPercentiles
}

/// A deployment or experiment event, for markers on charts.
public struct LifecycleMarker: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case canary, promotion, production, rollback, experimentStart, experimentStop
    }

    /// When it happened on the event-time axis (recorded, or estimated from the wall clock; see ``DashboardLoader``).
    public var time: EventTime
    public var kind: Kind
    /// The model version, or the experiment's name.
    public var subject: String

    /// A short label, e.g. `canary v5-als`.
    public var label: String {
        switch kind {
        case .canary: "canary \(subject)"
        case .promotion: "promoted \(subject)"
        case .production: "deployed \(subject)"
        case .rollback: "rolled back \(subject)"
        case .experimentStart: "A/B \(subject) starts"
        case .experimentStop: "A/B \(subject) ends"
        }
    }
}

/// What the store says about the data's quality.
public struct DataQuality: Hashable, Sendable {
    /// Counts of events, quarantined lines by reason, duplicates, users and movies.
    public var statistics: StoreStatistics
    /// The data expectations' outcomes on the data since the newest snapshot; `nil` when they were not checked.
    public var validations: [DataValidationRow]?

    /// Creates a summary.
    public init(statistics: StoreStatistics = StoreStatistics(), validations: [DataValidationRow]? = nil) {
        self.statistics = statistics
        self.validations = validations
    }

    /// Quarantined lines among every line read (stored, duplicate or quarantined), or `nil` before any line.
    public var quarantineRate: Double? {
        let lines = statistics.events.total + statistics.duplicates + statistics.quarantine.total
        return lines > 0 ? Double(statistics.quarantine.total) / Double(lines) : nil
    }
}

/// One data expectation's outcome on the data since the newest snapshot (see ``DataValidator``), as the dashboard
/// shows it.
public struct DataValidationRow: Hashable, Sendable {
    /// How the expectation came out.
    public enum Status: String, Hashable, Sendable {
        case passed
        /// Failed a blocking expectation: the pipeline refuses the data.
        case failed
        /// Failed a non-blocking expectation.
        case warning
        case notMeasured = "not measured"
    }

    /// The metric, e.g. `lines.quarantined_share`.
    public var name: String
    /// The measured value in the metric's unit, or `–`.
    public var observed: String
    /// The bounds, e.g. `≤ 5.00 %`.
    public var bounds: String
    public var status: Status

    /// Creates a row.
    public init(name: String, observed: String, bounds: String, status: Status) {
        self.name = name
        self.observed = observed
        self.bounds = bounds
        self.status = status
    }

    /// The rows of a validation report.
    public static func rows(of report: ValidationReport) -> [DataValidationRow] {
        report.results.map { result in
            let status: Status =
                switch result.status {
                case .passed: .passed
                case .notMeasured: .notMeasured
                case .failed: result.expectation.blocking ? .failed : .warning
                }
            return DataValidationRow(
                name: result.expectation.metric.rawValue, observed: result.observedDescription, bounds: result.expectation.boundsDescription,
                status: status)
        }
    }
}
