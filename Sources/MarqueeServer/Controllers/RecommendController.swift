import Foundation
import Hummingbird
import MarqueeCore
import MarqueeStore

/// `GET /recommend/<userid>` (SPEC.md §3): one plain-text line of up to 20 comma-separated movie ids.
struct RecommendController<Context: RequestContext> {
    let service: RecommendationService
    let metrics: ServerMetrics
    let telemetry: TelemetryBuffer?

    func addRoutes(to router: Router<Context>) {
        router.get("/recommend/:user", use: recommend)
    }

    @Sendable func recommend(_ request: Request, context: Context) async throws -> Response {
        let clock = ContinuousClock()
        let start = clock.now
        let raw = context.parameters.get("user") ?? ""
        guard let user = UserID(parsing: raw) else {
            return .plainText(
                "invalid user id '\(raw.prefix(40))': expected a non-negative integer up to \(UserID.maximum)", status: .badRequest)
        }
        let answer = await service.answer(for: user)
        if answer.usedFallback { metrics.recordFallback() }
        if answer.shed { metrics.recordShed() }
        answer.record(for: user, latency: clock.now - start, timeout: CallerTimeout(request.headers), in: telemetry, metrics: metrics)
        return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: ResponseBody(byteBuffer: answer.plainTextBody()))
    }
}

extension Response {
    /// A one-line `text/plain` response.
    static func plainText(_ line: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/plain; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: line))
        )
    }
}
