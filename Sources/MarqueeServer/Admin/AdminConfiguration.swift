/// Settings of the `/admin/` API. Without a token the API is disabled.
public struct AdminConfiguration: Sendable {
    /// The bearer token admin requests must carry; `nil` disables the admin API.
    public var token: String?
    /// The directory whose artifacts `/admin/deploy` may load, by file name.
    public var modelDirectory: String?

    /// Creates a configuration; an empty token counts as none.
    public init(token: String? = nil, modelDirectory: String? = nil) {
        self.token = token.flatMap { $0.isEmpty ? nil : $0 }
        self.modelDirectory = modelDirectory
    }
}
