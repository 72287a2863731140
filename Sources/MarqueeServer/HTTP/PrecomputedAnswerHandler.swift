import Dispatch
import HTTPTypes
import MarqueeCore
import NIOCore
import NIOHTTPTypes

/// Answers `GET /recommend/<user>` on the connection's event loop when the answer is a lookup in precomputed lists,
/// and passes every other request on to the router.
///
/// The router runs each request as a task on Swift's thread pool: the request crosses from the event loop to that
/// pool and the response crosses back. For an answer that is a lookup, those two crossings cost more than the
/// answer itself. This handler gives the same response, counts it in the same metrics and records the same telemetry
/// as ``RecommendController``, and applies the same rate limit and header limit; whatever it cannot answer that way
/// (another route, a query string, a model that must compute, `Connection: close`, a request while an earlier one on
/// the connection is still being answered by the router) goes to the router unchanged, so responses keep their order.
final class PrecomputedAnswerHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let service: RecommendationService
    private let metrics: ServerMetrics
    private let telemetry: TelemetryBuffer?
    private let rateLimit: TokenBuckets?
    private let serverName: String
    private let clock = ContinuousClock()
    /// Requests passed to the router whose responses have not ended yet.
    private var inRouter = 0
    /// The request being answered here, from its head until its end.
    private var intercepted: (user: UserID, answer: Answer, start: ContinuousClock.Instant, timeout: CallerTimeout?)?
    private var dates = HTTPDateCache()

    init(service: RecommendationService, metrics: ServerMetrics, telemetry: TelemetryBuffer?, rateLimit: TokenBuckets?, serverName: String) {
        self.service = service
        self.metrics = metrics
        self.telemetry = telemetry
        self.rateLimit = rateLimit
        self.serverName = serverName
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        switch part {
        case .head(let head):
            let start = clock.now
            // The time a caller waits counts from now, not from when the router's task starts (CallerTimeout).
            let head = CallerTimeout.stamping(head, received: DispatchTime.now().uptimeNanoseconds)
            if inRouter == 0, intercepted == nil, let user = Self.user(of: head), let answer = answer(for: user, head: head, context: context) {
                intercepted = (user, answer, start, CallerTimeout(head.headerFields))
                return
            }
            inRouter += 1
            context.fireChannelRead(wrapInboundOut(.head(head)))
            return
        case .body where intercepted != nil:
            return
        case .end where intercepted != nil:
            if let (user, answer, start, timeout) = intercepted {
                intercepted = nil
                respond(with: answer, to: user, since: start, timeout: timeout, context: context)
            }
            return
        case .body, .end:
            break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { inRouter = max(0, inRouter - 1) }
        context.write(data, promise: promise)
    }

    /// The user of a plain `GET /recommend/<digits>` with keep-alive and headers within the router's limit.
    static func user(of head: HTTPRequest) -> UserID? {
        guard head.method == .get, let path = head.path, path.utf8.count <= 40, path.hasPrefix("/recommend/"),
            head.headerFields[.connection] != "close",
            RequestLimitsMiddleware<MarqueeRequestContext>.headerBytes(of: head.headerFields)
                <= RequestLimitsMiddleware<MarqueeRequestContext>.maximumHeaderBytes
        else { return nil }
        return UserID(parsing: path.dropFirst("/recommend/".count))
    }

    /// The precomputed answer, when there is one and the client is within its rate.
    private func answer(for user: UserID, head: HTTPRequest, context: ChannelHandlerContext) -> Answer? {
        guard let answer = service.precomputedAnswer(for: user) else { return nil }
        // Over its rate, the client is passed to the router, whose rate limit answers 429.
        if let rateLimit {
            let client = rateLimit.configuration.client(peer: context.channel.remoteAddress?.ipAddress, headers: head.headerFields)
            if !rateLimit.take(for: client) { return nil }
        }
        service.recordAnswered()
        return answer
    }

    private func respond(
        with answer: Answer, to user: UserID, since start: ContinuousClock.Instant, timeout: CallerTimeout?, context: ChannelHandlerContext
    ) {
        let body = answer.plainTextBody()
        let response = HTTPResponse(
            status: .ok,
            headerFields: [
                .contentType: "text/plain; charset=utf-8", .contentLength: String(body.readableBytes), .date: dates.now(),
                .server: serverName,
            ])
        context.write(wrapOutboundOut(.head(response)), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        let latency = clock.now - start
        answer.record(for: user, latency: latency, timeout: timeout, in: telemetry, metrics: metrics)
        metrics.recordRequest(route: "recommend", status: 200, duration: latency)
        metrics.recordEventLoopAnswer()
    }
}
