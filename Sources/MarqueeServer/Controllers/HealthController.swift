import Hummingbird

/// `GET /health`: the process is alive and answering.
struct HealthController<Context: RequestContext> {
    func addRoutes(to router: Router<Context>) {
        router.get("/health") { _, _ in Response.plainText("ok") }
    }
}
