import Foundation
import MarqueeCore
import Prometheus
import Synchronization

/// The recommendation server's Prometheus metrics, created once with bounded labels (never a user id).
///
/// Metrics are declared on a `PrometheusCollectorRegistry` directly rather than through swift-metrics, because only
/// the registry's API carries `# HELP` texts, which `promtool check metrics` requires.
public final class ServerMetrics: Sendable {
    /// Routes with their own label; anything else is counted as `other`, which must stay last.
    static let routes = ["recommend", "explain", "health", "ready", "metrics", "admin", "other"]
    /// Status codes with their own label; anything else is counted as `other`.
    static let statuses = [200, 400, 401, 404, 429, 500, 503]

    static var requestsDescriptor: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "marquee", metricName: "http_requests", unitName: "total", helpText: "HTTP requests answered, by route and status code.")
    }
    static var modelInfoDescriptor: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "marquee", metricName: "model", unitName: "info", helpText: "The model version serving (1) or retired (0).")
    }

    /// The registry `/metrics` renders.
    public let registry: PrometheusCollectorRegistry
    /// One counter per route (index in ``routes``) and status (index in ``statuses``, then one for any other).
    private let requests: [[Counter]]
    private let latency: DurationHistogram
    private let fallbacks: Counter
    private let shedAnswers: Counter
    private let eventLoopAnswers: Counter
    private let telemetryDropped: Counter
    private let abandoned: Counter
    private let residentMemory: Gauge
    private let modelLoaded: Gauge
    private let modelInfo: Mutex<[String: Gauge]>
    private let qualityGauges: Mutex<[String: Gauge]>

    /// Creates the metrics on `registry`.
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        requests = Self.routes.map { route in
            (Self.statuses.map(String.init) + ["other"]).map { status in
                registry.makeCounter(descriptor: Self.requestsDescriptor, labels: [("route", route), ("status", status)])
            }
        }
        latency = registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                namespace: "marquee", metricName: "recommend_duration", unitName: "seconds",
                helpText: "Time to answer /recommend, from request to response, in seconds."),
            buckets: [500, 1_000, 2_000, 5_000, 10_000, 25_000, 50_000, 100_000, 300_000, 600_000, 800_000, 1_000_000].map {
                Duration.microseconds($0)
            })
        eventLoopAnswers = registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "marquee", metricName: "recommend_event_loop_answers", unitName: "total",
                helpText: "Answers looked up in precomputed lists and given on the connection's event loop, without a task."))
        fallbacks = registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "marquee", metricName: "recommend_fallbacks", unitName: "total",
                helpText: "Answers taken from the fallback list because the model missed its deadline."))
        shedAnswers = registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "marquee", metricName: "recommend_shed", unitName: "total",
                helpText: "Answers taken from the fallback list at once because the live path was full (also counted as fallbacks)."))
        telemetryDropped = registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "marquee", metricName: "telemetry_dropped", unitName: "total",
                helpText: "Telemetry records dropped because the in-memory buffer was full."))
        abandoned = registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "marquee", metricName: "recommend_abandoned", unitName: "total",
                helpText: "Answers given after the caller's proxy had stopped waiting (X-Marquee-Timeout-Ms); not recorded in telemetry."))
        residentMemory = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "process", metricName: "resident_memory", unitName: "bytes", helpText: "Resident memory of the server process in bytes."))
        modelLoaded = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "marquee", metricName: "model_loaded_timestamp", unitName: "seconds",
                helpText: "When the production model was loaded, in seconds since 1970; its age is time() minus this."))
        modelInfo = Mutex([:])
        qualityGauges = Mutex([:])
    }

    /// Sets the time the production model was loaded.
    public func recordModelLoaded(at seconds: Double) { modelLoaded.set(seconds) }

    /// Sets the data-quality gauge `marquee_<name>` with `labels`, creating it on first use.
    public func setQualityGauge(_ quality: QualityGauge, labels: [(String, String)] = [], value: Double) {
        let key = quality.name + labels.map { "|\($0.0)=\($0.1)" }.joined()
        qualityGauges.withLock { gauges in
            let gauge =
                gauges[key]
                ?? registry.makeGauge(
                    descriptor: MetricNameDescriptor(namespace: "marquee", metricName: quality.name, unitName: "", helpText: quality.help),
                    labels: labels)
            gauge.set(value)
            gauges[key] = gauge
        }
    }

    /// Counts one answered request.
    public func recordRequest(route: String, status: Int, duration: Duration?) {
        let routeIndex = Self.routes.firstIndex(of: route) ?? Self.routes.count - 1
        let statusIndex = Self.statuses.firstIndex(of: status) ?? Self.statuses.count
        requests[routeIndex][statusIndex].increment()
        if route == "recommend", let duration { latency.recordNanoseconds(duration.wholeNanoseconds) }
    }

    /// Counts one fallback answer.
    public func recordFallback() { fallbacks.increment() }

    /// Counts one shed answer (count it as a fallback too).
    public func recordShed() { shedAnswers.increment() }

    /// Counts an answer looked up in precomputed lists on the event loop (also counted as a request).
    public func recordEventLoopAnswer() { eventLoopAnswers.increment() }

    /// Counts telemetry records that were dropped.
    public func recordTelemetryDropped(_ count: Int) {
        if count > 0 { telemetryDropped.increment(by: Int64(count)) }
    }

    /// Counts an answer given after its caller had stopped waiting (see ``CallerTimeout``), in place of its telemetry.
    public func recordAbandoned() { abandoned.increment() }

    /// Marks `version` as the model serving now (value 1) and every earlier one as retired (value 0).
    public func recordModelServing(_ version: String) {
        modelInfo.withLock { gauges in
            for (known, gauge) in gauges where known != version { gauge.set(Double(0)) }
            let gauge = gauges[version] ?? registry.makeGauge(descriptor: Self.modelInfoDescriptor, labels: [("version", version)])
            gauge.set(Double(1))
            gauges[version] = gauge
        }
    }

    /// The Prometheus text exposition of every metric, with process memory refreshed.
    public func exposition() -> [UInt8] {
        if let bytes = Self.residentMemoryBytes() { residentMemory.set(Double(bytes)) }
        return registry.emitToBuffer()
    }

    /// Resident set size from `/proc/self/statm`, or `nil` where that file does not exist.
    static func residentMemoryBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
