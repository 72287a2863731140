import Foundation
import Hummingbird
import HummingbirdTesting
import MarqueeCore
import MarqueeModels
import MarqueeServer
import NIOCore
import Testing

struct AdminAPITests {
    private static let token = "s3cret-token"

    private static func popularity(_ slugs: [String]) -> PopularityRecommender {
        let interactions = slugs.enumerated().flatMap { rank, slug in
            (0..<(slugs.count - rank)).map { viewer in
                TrainingData.Interaction(user: UserID(Int64(100 + viewer))!, movie: MovieID(slug)!, minutesWatched: 60, rating: nil)
            }
        }
        return PopularityRecommender(training: TrainingData(interactions: interactions))
    }

    /// A model directory with a good artifact `v2.mqm` (ranking `new+2020` first) and a corrupt one `bad.mqm`.
    private static func makeModelDirectory() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("marquee-admin-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try ModelArtifact.write(popularity(["new+2020", "old+1990"]), to: directory + "/v2.mqm")
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: directory + "/v2.mqm")))
        bytes[bytes.count / 2] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: directory + "/bad.mqm"))
        return directory
    }

    private static func makeService() -> RecommendationService {
        RecommendationService(model: ServingModel(recommender: popularity(["old+1990", "new+2020"]), watched: [:], version: "v1"))
    }

    private func post(_ client: any TestClientProtocol, _ path: String, body: String = "", token: String? = Self.token) async throws
        -> (HTTPResponse.Status, String)
    {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body)) {
            ($0.status, String(buffer: $0.body))
        }
    }

    @Test func adminIsDisabledWithoutAConfiguredToken() async throws {
        let app = Application(router: buildRouter(service: Self.makeService()))
        try await app.test(.router) { client in
            let (status, _) = try await post(client, "/admin/rollback")
            #expect(status == .notFound)
        }
    }

    @Test(arguments: [nil, "wrong", "s3cret-token-but-longer", ""])
    func missingOrWrongTokenIsUnauthorizedAndChangesNothing(_ token: String?) async throws {
        let service = Self.makeService()
        let directory = try Self.makeModelDirectory()
        let app = Application(router: buildRouter(service: service, admin: AdminConfiguration(token: Self.token, modelDirectory: directory)))
        try await app.test(.router) { client in
            let (status, body) = try await post(client, "/admin/deploy", body: #"{"artifact": "v2.mqm"}"#, token: token)
            #expect(status == .unauthorized)
            #expect(!body.contains(Self.token))
        }
        #expect(service.model.version == "v1")
    }

    @Test func deploysAnArtifactThenRollsBack() async throws {
        let service = Self.makeService()
        let directory = try Self.makeModelDirectory()
        let app = Application(router: buildRouter(service: service, admin: AdminConfiguration(token: Self.token, modelDirectory: directory)))
        try await app.test(.router) { client in
            let (deployed, _) = try await post(client, "/admin/deploy", body: #"{"artifact": "v2.mqm"}"#)
            #expect(deployed == .ok)
            #expect(service.model.version == "v2")
            let first = try await client.execute(uri: "/recommend/1", method: .get) { String(buffer: $0.body) }
            #expect(first.hasPrefix("new+2020"))
            let (rolledBack, _) = try await post(client, "/admin/rollback")
            #expect(rolledBack == .ok)
            #expect(service.model.version == "v1")
        }
    }

    @Test(arguments: ["bad.mqm", "missing.mqm", "../v2.mqm", "/etc/passwd"])
    func refusesACorruptMissingOrOutsideArtifactAndKeepsServing(_ artifact: String) async throws {
        let service = Self.makeService()
        let directory = try Self.makeModelDirectory()
        let app = Application(router: buildRouter(service: service, admin: AdminConfiguration(token: Self.token, modelDirectory: directory)))
        try await app.test(.router) { client in
            let (status, body) = try await post(client, "/admin/deploy", body: #"{"artifact": "\#(artifact)"}"#)
            #expect(status == .unprocessableContent || status == .badRequest, "\(artifact): \(status) \(body)")
            let answer = try await client.execute(uri: "/recommend/1", method: .get) { ($0.status, String(buffer: $0.body)) }
            #expect(answer.0 == .ok && answer.1.hasPrefix("old+1990"))
        }
        #expect(service.model.version == "v1")
    }

    @Test func swappingModelsUnderConcurrentLoadLosesNoRequest() async throws {
        // Given a live server and 400 requests from 8 concurrent clients
        let service = Self.makeService()
        let app = Application(router: buildRouter(service: service), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        let models = [
            ServingModel(recommender: Self.popularity(["old+1990", "new+2020"]), watched: [:], version: "a"),
            ServingModel(recommender: Self.popularity(["new+2020", "old+1990"]), watched: [:], version: "b"),
        ]
        try await app.test(.live) { client in
            // When models are swapped 200 times while the requests run
            let successes = try await withThrowingTaskGroup(of: Int.self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        var ok = 0
                        for request in 0..<50 {
                            let status = try await client.execute(uri: "/recommend/\(worker * 50 + request)", method: .get) { $0.status }
                            if status == .ok { ok += 1 }
                        }
                        return ok
                    }
                }
                group.addTask {
                    for swap in 0..<200 {
                        service.deploy(models[swap % 2])
                        await Task.yield()
                    }
                    return 0
                }
                return try await group.reduce(0, +)
            }
            // Then every request succeeded
            #expect(successes == 400)
        }
    }

    @Test func canaryServesItsShareOfUsersByStableHashThenIsPromoted() async throws {
        // Given a canary of v2 for 30 % of users
        let service = Self.makeService()
        let directory = try Self.makeModelDirectory()
        let app = Application(router: buildRouter(service: service, admin: AdminConfiguration(token: Self.token, modelDirectory: directory)))
        try await app.test(.router) { client in
            let (started, _) = try await post(client, "/admin/canary", body: #"{"artifact": "v2.mqm", "share": 0.3}"#)
            #expect(started == .ok)
            // Then about 30 % of users are routed to it, always the same ones, and they get its answer
            let routes = (0..<2_000).map { service.route(for: UserID(Int64($0))!) }
            let canaryUsers = routes.enumerated().filter { $0.element.route == "canary" }.map(\.offset)
            #expect(abs(canaryUsers.count - 600) < 90)
            #expect(canaryUsers.allSatisfy { service.route(for: UserID(Int64($0))!).model.version == "v2" })
            let user = try #require(canaryUsers.first)
            let answer = try await client.execute(uri: "/recommend/\(user)", method: .get) { String(buffer: $0.body) }
            #expect(answer.hasPrefix("new+2020"))
            // When it is promoted, everyone gets it
            let (promoted, _) = try await post(client, "/admin/canary/promote")
            #expect(promoted == .ok)
            #expect(service.model.version == "v2" && service.current.canary == nil)
            #expect((0..<100).allSatisfy { service.route(for: UserID(Int64($0))!).route == "production" })
        }
    }
}
