import Hummingbird

/// `GET /metrics`: a Prometheus registry in the text format, rendered at each scrape.
struct MetricsController<Context: RequestContext> {
    /// Brings the metrics up to date and renders them.
    let exposition: @Sendable () -> [UInt8]

    func addRoutes(to router: Router<Context>) {
        router.get("/metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: exposition())))
        }
    }
}

extension MetricsController {
    /// The recommendation server's metrics, with the model serving and its load time refreshed at each scrape.
    init(metrics: ServerMetrics, service: RecommendationService) {
        self.init {
            metrics.recordModelServing(service.model.version)
            metrics.recordModelLoaded(at: service.model.loadedAt)
            return metrics.exposition()
        }
    }
}
