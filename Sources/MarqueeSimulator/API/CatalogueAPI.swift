import Foundation
import MarqueeCore

/// An answer of the user and movie API: an HTTP status and a JSON body.
public struct CatalogueAPIResponse: Sendable, Hashable {
    /// 200, 400 (bad request, too many ids) or 404 (unknown id or endpoint).
    public var status: Int
    /// The JSON body, UTF-8.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
    }

    /// The body as text.
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The content type of every answer.
    public static let contentType = "application/json"
}

/// The logic of the service's user and movie API (SPEC.md §2), without HTTP: a pure function from
/// request path to response, to be wrapped by an HTTP server.
///
/// - `GET /user/<id>` → `{"user_id": 4711, "age": 34, "occupation": "scientist", "gender": "F"}`
/// - `GET /movie/<slug>` → the TMDB-style record
/// - a comma-separated list of up to 200 ids → a JSON array, with `{"error": ..., "id": ...}`
///   in place of unknown ids
/// - unknown single id or endpoint → 404 `{"error": ...}`; more than 200 ids or an empty id → 400
public struct CatalogueAPI: Sendable {
    /// The most ids one bulk request may name.
    public static let maximumBulkCount = 200

    private let catalogue: Catalogue
    private let selfDescriptions: SelfDescriptions?
    private let selfDescriptionFields: SelfDescriptionFields

    /// An API over `catalogue`; with `selfDescriptions`, user records carry the answers of those who gave them, under
    /// the keys `selfDescriptionFields` names.
    public init(catalogue: Catalogue, selfDescriptions: SelfDescriptions? = nil, selfDescriptionFields: SelfDescriptionFields = .init()) {
        self.catalogue = catalogue
        self.selfDescriptions = selfDescriptions
        self.selfDescriptionFields = selfDescriptionFields
    }

    /// Answers a `GET` of `path`, e.g. `/user/4711`, `/movie/the+green+mile+1999` or `/user/1,2,3`.
    /// A query string is ignored and percent-escapes are decoded.
    public func respond(to path: String) -> CatalogueAPIResponse {
        var path = Substring(path)
        if let query = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<query] }
        if let scheme = path.range(of: "://") {
            let afterHost = path[scheme.upperBound...].firstIndex(of: "/") ?? path.endIndex
            path = path[afterHost...]
        }
        while path.hasPrefix("/") { path = path.dropFirst() }
        while path.hasSuffix("/") { path = path.dropLast() }
        let parts = path.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0] == "user" || parts[0] == "movie" else {
            return failure(404, "no such endpoint '/\(path.prefix(80))'; use /user/<id> or /movie/<id>")
        }
        let isUser = parts[0] == "user"
        let ids = Self.percentDecoded(parts[1]).split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingPrefix(while: { $0 == " " })
        }
        guard ids.count <= Self.maximumBulkCount else {
            return failure(400, "a bulk request names at most \(Self.maximumBulkCount) ids, this one names \(ids.count)")
        }
        guard !ids.contains(where: \.isEmpty) else { return failure(400, "empty id in '\(parts[1].prefix(80))'") }

        var body: [UInt8] = []
        if ids.count == 1 {
            guard appendRecord(String(ids[0]), isUser: isUser, to: &body) else {
                return failure(404, "unknown \(isUser ? "user" : "movie") '\(ids[0].prefix(80))'")
            }
            return CatalogueAPIResponse(status: 200, body: body)
        }
        body.append(UInt8(ascii: "["))
        for (position, id) in ids.enumerated() {
            if position > 0 { body.append(contentsOf: ", ".utf8) }
            if !appendRecord(String(id), isUser: isUser, to: &body) {
                CatalogueJSON.error("unknown \(isUser ? "user" : "movie")", id: String(id.prefix(80)), to: &body)
            }
        }
        body.append(UInt8(ascii: "]"))
        return CatalogueAPIResponse(status: 200, body: body)
    }

    /// The user record of `id`, or `nil` when there is no such user.
    public func user(_ id: UserID) -> User? {
        guard let user = catalogue.users.user(id) else { return nil }
        return selfDescriptions?.describing(user) ?? user
    }

    /// The movie record of `id`, or `nil` when there is no such movie.
    public func movie(_ id: MovieID) -> Movie? { catalogue.movies.movie(id) }

    private func appendRecord(_ id: String, isUser: Bool, to body: inout [UInt8]) -> Bool {
        if isUser {
            guard let userID = UserID(parsing: id), let user = user(userID) else { return false }
            CatalogueJSON.user(user, fields: selfDescriptionFields, to: &body)
        } else {
            guard let movieID = MovieID(id), let index = catalogue.movies.index(of: movieID) else { return false }
            CatalogueJSON.movie(catalogue.movies.movies[index], index: index, to: &body)
        }
        return true
    }

    private func failure(_ status: Int, _ message: String) -> CatalogueAPIResponse {
        var body: [UInt8] = []
        CatalogueJSON.error(message, to: &body)
        return CatalogueAPIResponse(status: status, body: body)
    }

    /// Decodes `%XX` escapes (e.g. `%27` for `'`); malformed escapes are kept as they are.
    static func percentDecoded(_ text: Substring) -> String {
        guard text.contains("%") else { return String(text) }
        var out: [UInt8] = []
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count, let high = hex(bytes[index + 1]), let low = hex(bytes[index + 2]) {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
