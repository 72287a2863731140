import MarqueeCore
import MarqueeEvaluation
import MarqueeQuality
import MarqueeStore

/// Loads a ``DashboardSnapshot`` from a store at bounded cost: availability and latency come from aggregate queries
/// (``EventStore/recommendationOutcomes(bucketSeconds:since:)``, ``TelemetryStore/telemetryLatencies(bucketSeconds:since:)``),
/// counts from ``EventStore/statistics()``, the registry and experiments are small; the online metric reads the online
/// rollup's days (``OnlineRollup``) and the answers and events since its last fold (without a rollup, those of the last
/// ``DashboardConfiguration/days`` days), drift the events of its windows only.
public struct DashboardLoader: Sendable {
    /// The stores a dashboard reads.
    public typealias Store = any EventStore & TelemetryStore & RegistryStore & ExperimentStore
    public let store: Store
    public let configuration: DashboardConfiguration
    /// The data expectations checked on the data since the newest snapshot.
    public let expectations: ExpectationSuite

    /// Creates a loader.
    public init(store: Store, configuration: DashboardConfiguration = .init(), expectations: ExpectationSuite = .standard) {
        self.store = store
        self.configuration = configuration
        self.expectations = expectations
    }

    /// Loads the snapshot.
    /// - Parameter now: the wall time.
    /// - Throws: `StoreError` when the store fails, `EvaluationError` for a bad online configuration, or what the
    ///   data validation throws.
    public func load(now: WallTime) async throws -> DashboardSnapshot {
        var snapshot = DashboardSnapshot(loadedAt: now)
        let versions = try await store.versions()
        let experiments = try await store.experiments()
        snapshot.models = versions
        snapshot.experiments = experiments
        snapshot.markers = LifecycleMarkers.of(versions: versions, experiments: experiments, runs: try await store.pipelineRuns())
        snapshot.dataQuality = DataQuality(
            statistics: try await store.statistics(),
            validations: DataValidationRow.rows(of: try await DataValidator(store: store, expectations: expectations).validateNewData()))
        snapshot.drift = try await DriftMonitor(store: store).report()
        (snapshot.serverLatency, snapshot.serverLatencyBucketSeconds) = try await serverLatency(now: now)
        guard let latest = try await store.latestRecommendationTime() else { return snapshot }

        // Whole days, so that the online metric's first day is not a sliver of one.
        let windowStart = EventTime(microseconds: (latest.microseconds / 86_400_000_000 - Int64(configuration.days) + 1) * 86_400_000_000)
        let daily = try await store.recommendationOutcomes(bucketSeconds: 86_400, since: windowStart)
        let first = daily.first?.bucketStart ?? windowStart
        let bucket = Self.bucketSeconds(span: first.seconds(to: latest), maximumBuckets: configuration.maximumBuckets)
        snapshot.serviceBucketSeconds = bucket
        snapshot.service = Self.serviceBuckets(try await store.recommendationOutcomes(bucketSeconds: bucket, since: first))
        let hourStart = latest.adding(seconds: -3_600)
        let lastHour = try await store.recommendationOutcomes(bucketSeconds: 3_600, since: hourStart).map { row in
            var row = row
            row.bucketStart = hourStart
            return row
        }
        snapshot.lastHour = Self.serviceBuckets(lastHour).first
        (snapshot.online, snapshot.licenceCosts) = try await OnlineReportLoader(store: store, configuration: configuration.online)
            .reportWithLicenceCosts(since: first)
        return snapshot
    }

    /// The smallest of 1, 3, 6 or 12 hours or a day giving at most `maximumBuckets` buckets over `span` seconds.
    static func bucketSeconds(span: Double, maximumBuckets: Int) -> Int64 {
        for hours: Int64 in [1, 3, 6, 12] where span / Double(hours * 3_600) <= Double(maximumBuckets) { return hours * 3_600 }
        return 86_400
    }

    /// Per bucket: requests, successes and latency percentiles.
    static func serviceBuckets(_ rows: [RecommendationOutcomeCount]) -> [ServiceBucket] {
        var buckets: [EventTime: (requests: Int, succeeded: Int, latency: LatencyHistogram)] = [:]
        for row in rows {
            var bucket = buckets[row.bucketStart] ?? (0, 0, LatencyHistogram())
            bucket.requests += row.count
            if row.succeeded { bucket.succeeded += row.count }
            bucket.latency.add(Double(row.latencyMilliseconds), count: row.count)
            buckets[row.bucketStart] = bucket
        }
        return buckets.keys.sorted().compactMap { start in
            buckets[start].map {
                ServiceBucket(start: start, requests: $0.requests, succeeded: $0.succeeded, latency: LatencyPercentiles($0.latency))
            }
        }
    }

    /// The server's latency per wall-clock bucket over the window: hourly, or per minute or 5 seconds when the telemetry
    /// spans only a few buckets (as in a simulated run), re-queried over those few buckets only.
    private func serverLatency(now: WallTime) async throws(StoreError) -> ([LatencyBucket], Int64) {
        var bucket: Int64 = 3_600
        var rows = try await store.telemetryLatencies(bucketSeconds: bucket, since: now - .seconds(Int64(configuration.days) * 86_400))
        for finer: Int64 in [60, 5] {
            let starts = Set(rows.map(\.bucketStart))
            guard let first = starts.min(), starts.count <= 3 else { break }
            bucket = finer
            rows = try await store.telemetryLatencies(bucketSeconds: bucket, since: first)
        }
        var histograms: [WallTime: LatencyHistogram] = [:]
        for row in rows { histograms[row.bucketStart, default: LatencyHistogram()].add(Double(row.latencyMicroseconds) / 1_000, count: row.count) }
        let buckets = histograms.keys.sorted().compactMap { start -> LatencyBucket? in
            guard let histogram = histograms[start], let latency = LatencyPercentiles(histogram) else { return nil }
            return LatencyBucket(start: start.microseconds, answers: histogram.total, latency: latency)
        }
        return (buckets, bucket)
    }
}

/// Settings of the dashboard's loading.
public struct DashboardConfiguration: Sendable {
    /// Days of event time (before the latest logged request) the charts and the online metric cover.
    public var days: Int
    /// The most time buckets a chart gets; buckets grow from an hour to a day to stay below.
    public var maximumBuckets: Int
    /// The online metric's settings.
    public var online: OnlineEvaluationConfiguration

    /// Creates settings; by default 14 days, at most 120 buckets, the online metric's defaults.
    public init(days: Int = 14, maximumBuckets: Int = 120, online: OnlineEvaluationConfiguration = .init()) {
        self.days = max(1, days)
        self.maximumBuckets = max(1, maximumBuckets)
        self.online = online
    }
}
