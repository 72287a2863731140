import Hummingbird

/// Refuses oversized requests before any work: a request target longer than `maximumTargetLength` gets 414, and
/// headers larger than `maximumHeaderBytes` in total get 431.
struct RequestLimitsMiddleware<Context: RequestContext>: RouterMiddleware {
    var maximumTargetLength = 2_048
    static var maximumHeaderBytes: Int { 16_384 }
    var maximumHeaderBytes = Self.maximumHeaderBytes

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.uri.string.utf8.count > maximumTargetLength {
            return .plainText("request target longer than \(maximumTargetLength) bytes", status: .uriTooLong)
        }
        if Self.headerBytes(of: request.headers) > maximumHeaderBytes {
            return .plainText("request headers larger than \(maximumHeaderBytes) bytes", status: .requestHeaderFieldsTooLarge)
        }
        return try await next(request, context)
    }
}

extension RequestLimitsMiddleware {
    /// The size of `headers` as the limit counts it: names, values and 4 bytes of separators per field.
    static func headerBytes(of headers: HTTPFields) -> Int {
        headers.reduce(0) { $0 + $1.name.rawName.utf8.count + $1.value.utf8.count + 4 }
    }
}
