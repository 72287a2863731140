import Hummingbird

/// Guards `/admin/` and `/recommend/<user>/explain`: 404 when no token is configured, 401 unless
/// `Authorization: Bearer <token>` matches. The token is compared in constant time and never logged or echoed.
struct AdminAuthenticationMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String?
    /// What the 404 without a token says is disabled.
    var disabled = "the admin API"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token else {
            return .plainText(
                "\(disabled) is disabled: start the server with --admin-token-file, MARQUEE_ADMIN_TOKEN or --admin-token", status: .notFound)
        }
        let header = request.headers[.authorization] ?? ""
        let prefix = "Bearer "
        guard header.hasPrefix(prefix), ConstantTime.equal(header.dropFirst(prefix.count), token) else {
            var response = Response.plainText("missing or wrong bearer token", status: .unauthorized)
            response.headers[.wwwAuthenticate] = "Bearer"
            return response
        }
        return try await next(request, context)
    }
}
