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

    /// The bounded route label of a path, found without splitting it (this runs on every request).
    static func route(of path: String) -> String {
        switch path {
        case "/health": return "health"
        case "/ready": return "ready"
        case "/metrics": return "metrics"
        default: break
        }
        if path == "/admin" || path.hasPrefix("/admin/") { return "admin" }
        guard path.hasPrefix("/recommend/") else { return "other" }
        let rest = path.utf8.dropFirst("/recommend/".utf8.count)
        guard let slash = rest.firstIndex(of: UInt8(ascii: "/")) else { return "recommend" }
        return rest[rest.index(after: slash)...].elementsEqual("explain".utf8) ? "explain" : "other"
    }
}
