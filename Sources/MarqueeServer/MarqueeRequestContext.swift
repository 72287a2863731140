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
}
