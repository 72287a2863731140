import Hummingbird
import MarqueeModels

/// `GET /health`: the process is alive. `GET /ready`: a model with at least one movie is loaded.
/// Public so that every HTTP server of the package answers them alike (the lab's simulated user/movie API too).
public struct HealthController<Context: RequestContext>: Sendable {
    /// The service whose model makes the server ready; `nil` for servers without a model.
    let service: RecommendationService?

    /// Creates the routes of a server serving `service`; `nil` for a server without a model, always ready.
    public init(service: RecommendationService?) {
        self.service = service
    }

    /// Adds `/health` and `/ready` to `router`.
    public func addRoutes(to router: Router<Context>) {
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
