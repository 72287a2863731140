import AsyncHTTPClient
import Foundation
import MarqueeCore
import NIOCore
import NIOHTTP1

/// Fetches records from the service's user/movie API (SPEC.md §2) in bulk: `GET /user/1,2,3`, `GET /movie/a,b`.
///
/// Each request has a deadline; an answer of 429 or 5xx, a timeout or a failed connection is retried with
/// exponential backoff (honouring `Retry-After`, within the configured cap), up to the configured attempts.
/// Answers are decoded leniently: unknown ids and bad records are counted, never thrown.
public struct CatalogueAPIClient: Sendable {
    /// The API and how patient to be with it.
    public let configuration: CatalogueAPIConfiguration
    private let client: HTTPClient

    /// Creates a client of the API at `configuration.baseURL`.
    public init(configuration: CatalogueAPIConfiguration, client: HTTPClient = .shared) {
        self.configuration = configuration
        self.client = client
    }

    /// The outcome of one bulk request, after its retries.
    struct Outcome<Record: Decodable & Sendable>: Sendable {
        /// The ids asked for.
        var requested: Int
        /// The decoded answer, or `nil` when every attempt failed or the answer was not JSON.
        var answer: CatalogueAPIAnswer<Record>?
        /// Why the request failed, when it did.
        var failure: String?
        /// Attempts beyond the first.
        var retries: Int
    }

    /// Fetches the records of `ids` from `endpoint` (`user` or `movie`) in one request, retrying as configured.
    func fetch<Record: Decodable & Sendable>(_ ids: [String], from endpoint: String, as type: Record.Type) async -> Outcome<Record> {
        let path = ids.map(Self.escaped).joined(separator: ",")
        let url = "\(configuration.baseURL)/\(endpoint)/\(path)"
        var outcome = Outcome<Record>(requested: ids.count, retries: 0)
        for attempt in 1...configuration.maximumAttempts {
            let wait: Duration?
            switch await attemptOnce(url: url, as: type) {
            case .answer(let answer):
                outcome.answer = answer
                outcome.failure = nil
                return outcome
            case .refused(let reason):
                outcome.failure = reason
                return outcome
            case .retry(let reason, let retryAfter):
                outcome.failure = reason
                wait = retryAfter
            }
            guard attempt < configuration.maximumAttempts, !Task.isCancelled else { break }
            outcome.retries += 1
            try? await Task.sleep(for: backoff(afterAttempt: attempt, retryAfter: wait))
        }
        if let failure = outcome.failure {
            outcome.failure = "\(failure) (after \(outcome.retries + 1) attempts)"
        }
        return outcome
    }

    private enum Attempt<Record: Decodable & Sendable> {
        case answer(CatalogueAPIAnswer<Record>)
        /// A failure that retrying cannot mend (400, a body that is not JSON).
        case refused(String)
        /// A failure worth retrying, after `Retry-After` when the API gave one.
        case retry(String, retryAfter: Duration?)
    }

    private func attemptOnce<Record: Decodable & Sendable>(url: String, as type: Record.Type) async -> Attempt<Record> {
        let response: HTTPClientResponse
        let body: ByteBuffer
        do {
            let deadline = NIODeadline.now() + .nanoseconds(Int64(configuration.requestTimeout.wholeNanoseconds))
            response = try await client.execute(HTTPClientRequest(url: url), deadline: deadline)
            body = try await response.body.collect(upTo: 64 << 20)
        } catch {
            return .retry("GET \(url.prefix(120)) failed: \(error)", retryAfter: nil)
        }
        let status = Int(response.status.code)
        switch status {
        case 200, 404:
            // 404 is the API's answer for one unknown id; its body is an error object like a bulk answer's.
            guard
                let answer = CatalogueAPIAnswer<Record>(
                    body: Data(body.readableBytesView), selfDescriptionFields: configuration.selfDescriptionFields)
            else {
                return .refused("GET \(url.prefix(120)) answered \(status) with a body that is not JSON records")
            }
            return .answer(answer)
        case 429, 500...599:
            let retryAfter = response.headers.first(name: "Retry-After").flatMap(Self.retryAfter)
            return .retry("GET \(url.prefix(120)) answered \(status)", retryAfter: retryAfter)
        default:
            return .refused("GET \(url.prefix(120)) answered \(status): \(String(buffer: body).prefix(200))")
        }
    }

    /// The wait before the attempt after `attempt`: the API's `Retry-After` if it gave one, else the initial backoff
    /// doubled per attempt, with up to half of it taken off at random so that concurrent requests spread out;
    /// never above the configured maximum.
    func backoff(afterAttempt attempt: Int, retryAfter: Duration?) -> Duration {
        if let retryAfter { return min(retryAfter, configuration.maximumBackoff) }
        let doubled = configuration.initialBackoff * (1 << min(attempt - 1, 20))
        let capped = min(doubled, configuration.maximumBackoff)
        return capped * Double.random(in: 0.5...1.0)
    }

    /// A `Retry-After` value: delay-seconds, or an HTTP date (RFC 9110) turned into the time until it.
    static func retryAfter(_ value: String) -> Duration? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(text), seconds >= 0 { return .seconds(seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: text) else { return nil }
        return .milliseconds(max(0, Int(date.timeIntervalSinceNow * 1_000)))
    }

    /// An id as a path segment: characters of slugs that are not safe in a URL path are percent-encoded;
    /// `+` stays, as the API's slugs carry it literally.
    static func escaped(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: pathCharacters) ?? id
    }

    private static let pathCharacters = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~+")
}
