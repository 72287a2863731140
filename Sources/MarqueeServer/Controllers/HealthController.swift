import Hummingbird
import MarqueeModels

/// `GET /health`: the process is alive. `GET /ready`: a model with at least one movie is loaded.
struct HealthController<Context: RequestContext> {
    /// The service whose model makes the server ready; `nil` for servers without a model.
    let service: RecommendationService?

    func addRoutes(to router: Router<Context>) {
        router.get("/health") { _, _ in Response.plainText("ok") }
        router.get("/ready") { _, _ in
            guard let service else { return Response.plainText("ready") }
            let model = service.model
            guard model.recommender.descriptor.movieCount > 0 else {
                return Response.plainText("not ready: model \(model.version) has no movies to recommend", status: .serviceUnavailable)
            }
            return Response.plainText("ready: \(model.version)")
        }
    }
}
