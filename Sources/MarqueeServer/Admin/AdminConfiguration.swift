import MarqueeCore

/// Settings of the `/admin/` API.
public struct AdminConfiguration: Sendable {
    /// The fewest bytes an admin token may have: 32 random bytes cannot be guessed, whatever the request rate.
    public static let minimumTokenBytes = 32

    /// The bearer token admin requests must carry; `nil` disables the admin API.
    public let token: String?
    /// The directory whose artifacts `/admin/deploy` may load, by file name.
    public var modelDirectory: String?

    /// The admin API off; `modelDirectory` is then unused.
    public init(modelDirectory: String? = nil) {
        self.token = nil
        self.modelDirectory = modelDirectory
    }

    /// Enables the admin API with `token`; an empty or `nil` token leaves it off.
    /// - Throws: `MarqueeError.invalidArgument` when the token is shorter than ``minimumTokenBytes``.
    public init(token: String?, modelDirectory: String? = nil) throws(MarqueeError) {
        let token = token.flatMap { $0.isEmpty ? nil : $0 }
        if let token, token.utf8.count < Self.minimumTokenBytes {
            throw MarqueeError(
                .invalidArgument,
                "the admin token has \(token.utf8.count) bytes, fewer than \(Self.minimumTokenBytes): generate one with "
                    + "`openssl rand -hex 32` and pass it with --admin-token-file or MARQUEE_ADMIN_TOKEN (not on the command line, which `ps` shows)")
        }
        self.token = token
        self.modelDirectory = modelDirectory
    }
}
