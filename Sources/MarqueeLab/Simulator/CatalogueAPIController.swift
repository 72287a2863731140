import Foundation
import Hummingbird
import MarqueeServer
import MarqueeSimulator

/// The simulated streaming service's user and movie API (SPEC.md §2): `GET /user/<ids>`, `GET /movie/<ids>`.
struct CatalogueAPIController<Context: RequestContext> {
    let api: CatalogueAPI

    func addRoutes(to router: Router<Context>) {
        router.get("/user/:ids", use: respond)
        router.get("/movie/:ids", use: respond)
    }

    @Sendable func respond(_ request: Request, context: Context) async throws -> Response {
        let path = request.uri.path.removingPercentEncoding ?? request.uri.path
        let answer = api.respond(to: path)
        return Response(
            status: HTTPResponse.Status(code: answer.status),
            headers: [.contentType: CatalogueAPIResponse.contentType],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body))
        )
    }
}

/// Builds the router of the simulated user/movie API.
public func buildCatalogueAPIRouter(api: CatalogueAPI) -> Router<MarqueeRequestContext> {
    let router = Router(context: MarqueeRequestContext.self)
    CatalogueAPIController(api: api).addRoutes(to: router)
    HealthController(service: nil).addRoutes(to: router)
    return router
}
