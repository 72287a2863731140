import Hummingbird

/// `GET /dashboard`: the self-contained HTML dashboard, from a cache so that reloads do not hammer the store.
struct DashboardController<Context: RequestContext> {
    let cache: DashboardCache

    func addRoutes(to router: Router<Context>) {
        router.get("/dashboard") { _, _ in
            let page = try await cache.page()
            return Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: page)))
        }
    }
}
