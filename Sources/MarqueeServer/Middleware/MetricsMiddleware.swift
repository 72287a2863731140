import Hummingbird

/// Counts every request by route and status, and times `/recommend`.
struct MetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let clock = ContinuousClock()
        let start = clock.now
        let route = Self.route(of: request.uri.path)
        do {
            let response = try await next(request, context)
            metrics.recordRequest(route: route, status: Int(response.status.code), duration: clock.now - start)
            return response
        } catch let error as any HTTPResponseError {
            metrics.recordRequest(route: route, status: Int(error.status.code), duration: nil)
            throw error
        } catch {
            metrics.recordRequest(route: route, status: 500, duration: nil)
            throw error
        }
    }

    /// The bounded route label of a path.
    static func route(of path: String) -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        return switch (parts.first, parts.count) {
        case ("recommend", 2): "recommend"
        case ("recommend", 3) where parts.last == "explain": "explain"
        case ("health", 1): "health"
        case ("ready", 1): "ready"
        case ("metrics", 1): "metrics"
        case ("admin", _): "admin"
        default: "other"
        }
    }
}
