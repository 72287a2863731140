import Prometheus

extension PrometheusCollectorRegistry {
    /// The counter `marquee_<subsystem>_<name>_total` with `labels`, created on first use.
    func makeMarqueeCounter(subsystem: String, name: String, help: String, labels: [(String, String)] = []) -> Counter {
        makeCounter(
            descriptor: MetricNameDescriptor(namespace: "marquee", subsystem: subsystem, metricName: name, unitName: "total", helpText: help),
            labels: labels)
    }
}
