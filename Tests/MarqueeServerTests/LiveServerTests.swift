import Foundation
import Hummingbird
import HummingbirdTesting
import MarqueeCore
import MarqueeModels
import MarqueeServer
import MarqueeTestSupport
import Testing

/// The server on a real loopback socket, as the streaming service reaches it.
@Suite(.dedicatedThreads)
struct LiveServerTests {
    private static func makeService() -> RecommendationService {
        let interactions = (0..<25).flatMap { rank in
            (0..<(30 - rank)).map { viewer in
                TrainingData.Interaction(
                    user: UserID(Int64(100 + viewer))!, movie: MovieID("m\(rank)+2000")!, minutesWatched: 30, rating: nil)
            }
        }
        let model = PopularityRecommender(training: TrainingData(interactions: interactions))
        return RecommendationService(model: ServingModel(recommender: model, watched: [UserID(100)!: [MovieID("m0+2000")!]], version: "v1"))
    }

    private static let token = "explain-secret"

    private func withLiveServer(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = Application(
            router: buildRouter(service: Self.makeService(), explain: ExplainConfiguration(token: Self.token)),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live, body)
    }

    @Test(arguments: [
        "abc", "-1", "1e3", "99999999999999999999999", "..%2F..%2Fetc%2Fpasswd", "%00", String(repeating: "9", count: 1_000),
        String(repeating: "a", count: 1_000),
    ])
    func badUserIDIsABadRequestNeverAServerError(_ raw: String) async throws {
        try await withLiveServer { client in
            try await client.execute(uri: "/recommend/\(raw)", method: .get) { response in
                #expect(response.status == .badRequest, "\(raw.prefix(30)) gave \(response.status)")
                #expect(!String(buffer: response.body).contains("\n"))
            }
        }
    }

    @Test(arguments: ["/recommend/../../etc/passwd", "/recommend/1/../../x", "/" + String(repeating: "x/", count: 2_000), "/recommend"])
    func unknownPathsAreClientErrorsNeverServerErrors(_ path: String) async throws {
        try await withLiveServer { client in
            try await client.execute(uri: path, method: .get) { response in
                #expect((400..<500).contains(response.status.code), "\(path.prefix(30)) gave \(response.status)")
            }
        }
    }

    private static var paddingHeaders: HTTPFields {
        var headers = HTTPFields()
        for index in 0..<20 { headers.append(.init(name: .init("X-Padding-\(index)")!, value: String(repeating: "x", count: 1_000))) }
        return headers
    }

    @Test func oversizedRequestsAreRefusedBeforeAnyWork() async throws {
        try await withLiveServer { client in
            let longTarget = try await client.execute(uri: "/recommend/" + String(repeating: "1", count: 5_000), method: .get) { $0.status }
            #expect(longTarget == .uriTooLong)
            let hugeHeaders = try await client.execute(
                uri: "/recommend/1", method: .get, headers: Self.paddingHeaders
            ) { $0.status }
            #expect(hugeHeaders == .requestHeaderFieldsTooLarge)
        }
    }

    @Test func explainReturnsTheSameItemsWithScoresAndReasons() async throws {
        try await withLiveServer { client in
            let plain = try await client.execute(uri: "/recommend/100", method: .get) { String(buffer: $0.body) }
            try await client.execute(uri: "/recommend/100/explain", method: .get, headers: [.authorization: "Bearer \(Self.token)"]) { response in
                #expect(response.status == .ok)
                let object = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any]
                let items = try #require(object?["items"] as? [[String: Any]])
                #expect(items.compactMap { $0["movie"] as? String }.joined(separator: ",") == plain)
                #expect(object?["model_version"] as? String == "v1")
                #expect(items.allSatisfy { ($0["reasons"] as? [Any])?.isEmpty == false })
                #expect(items.allSatisfy { ($0["because"] as? String)?.isEmpty == false })
            }
        }
    }

    @Test func readyOnceAModelWithMoviesIsLoaded() async throws {
        try await withLiveServer { client in
            try await client.execute(uri: "/ready", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
        let empty = RecommendationService(
            model: ServingModel(recommender: PopularityRecommender(training: TrainingData(interactions: [])), watched: [:], version: "empty"))
        let app = Application(router: buildRouter(service: empty))
        try await app.test(.router) { client in
            try await client.execute(uri: "/ready", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
            }
        }
    }
}
