import Foundation
import Hummingbird
import MarqueeCore
import MarqueeModels

/// `GET /recommend/<userid>/explain`: the same answer as `/recommend`, as JSON, with why each movie is in it.
///
/// For operators only (see ``ExplainConfiguration``): rate-limited per client first, so that neither guessing the
/// token nor enumerating users goes fast, then the bearer token.
struct ExplainController<Context: RemoteAddressRequestContext> {
    let service: RecommendationService
    let configuration: ExplainConfiguration

    func addRoutes(to router: Router<Context>) {
        router.group("/recommend/:user/explain")
            .add(middleware: RateLimitMiddleware(configuration: configuration.rateLimit))
            .add(middleware: AdminAuthenticationMiddleware(token: configuration.token, disabled: "/recommend/<user>/explain"))
            .get(use: explain)
    }

    @Sendable func explain(_ request: Request, context: Context) async throws -> Response {
        let raw = context.parameters.get("user") ?? ""
        guard let user = UserID(parsing: raw) else {
            return .plainText(
                "invalid user id '\(raw.prefix(40))': expected a non-negative integer up to \(UserID.maximum)", status: .badRequest)
        }
        let answer = await service.answer(for: user)
        let model = service.route(for: user).model
        let scores = model.recommender.scores(for: user, movies: answer.movies)
        let taste = service.statedTaste(of: user)
        let items = zip(answer.movies, scores).map { movie, score in
            let explanation = model.recommender.explain(movie, for: user, statedTaste: taste)
            return ExplainedItem(movie: movie.slug, score: score, because: explanation.because(), reasons: explanation.reasons)
        }
        let body = ExplainedAnswer(
            user: user.rawValue, modelVersion: answer.modelVersion, modelKind: model.recommender.descriptor.kind, route: answer.route.text,
            fallback: answer.usedFallback, items: items)
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: try JSONEncoder.marquee().encode(body))))
    }
}

/// The JSON of `/recommend/<user>/explain`.
struct ExplainedAnswer: Encodable {
    var user: Int64
    var modelVersion: String
    var modelKind: String
    var route: String
    var fallback: Bool
    var items: [ExplainedItem]
}

/// One recommended movie with its score, the user-facing sentence and the reasons behind it.
struct ExplainedItem: Encodable {
    var movie: String
    var score: Double?
    /// E.g. "because you watched alien (1979) and heat (1995)".
    var because: String?
    var reasons: [Explanation.Reason]
}
