import Hummingbird

/// `GET /metrics`: every server metric in the Prometheus text format.
struct MetricsController<Context: RequestContext> {
    let metrics: ServerMetrics
    let service: RecommendationService

    func addRoutes(to router: Router<Context>) {
        router.get("/metrics") { _, _ in
            metrics.recordModelServing(service.model.version)
            metrics.recordModelLoaded(at: service.model.loadedAt)
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
        }
    }
}
