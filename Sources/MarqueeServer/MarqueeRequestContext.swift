import Hummingbird
import NIOCore

/// The request context of Marquee's servers: Hummingbird's basics plus the client's address, for rate limiting.
public struct MarqueeRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The peer that sent the request, when known.
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The largest request body a route reads, `request.decode(as:context:)` included: the admin API's JSON bodies are
    /// a few hundred bytes, and no other route takes one.
    public var maxUploadSize: Int { 16 * 1024 }
}
