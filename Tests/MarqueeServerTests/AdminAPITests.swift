import Foundation
import Hummingbird
import HummingbirdTesting
import MarqueeCore
import MarqueeModels
import MarqueeServer
import MarqueeTestSupport
import NIOCore
import Testing

@Suite(.dedicatedThreads)
struct AdminAPITests {
    private static let token = "s3cret-token-of-at-least-32-bytes"

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

    /// The server with the admin API over `directory`, on a loopback socket when tested `.live`.
    private static func makeApp(_ service: RecommendationService, directory: String?) throws -> some ApplicationProtocol {
        let admin = try directory.map { try AdminConfiguration(token: token, modelDirectory: $0) } ?? AdminConfiguration()
        return Application(router: buildRouter(service: service, admin: admin), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    /// Runs `body` against a fresh model directory (removed afterwards) through the router or a live socket.
    private static func withAdmin(
        _ service: RecommendationService, live: Bool, _ body: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let directory = try makeModelDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await makeApp(service, directory: directory).test(live ? .live : .router, body)
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

    @Test(arguments: [nil, "wrong", "s3cret-token-of-at-least-32-bytes-but-longer", ""], [false, true])
    func missingOrWrongTokenIsUnauthorizedAndChangesNothing(_ token: String?, live: Bool) async throws {
        let service = Self.makeService()
        try await Self.withAdmin(service, live: live) { client in
            let (status, body) = try await post(client, "/admin/deploy", body: #"{"artifact": "v2.mqm"}"#, token: token)
            #expect(status == .unauthorized)
            #expect(!body.contains(Self.token))
        }
        #expect(service.model.version == "v1")
    }

    @Test(arguments: [false, true])
    func deploysAnArtifactThenRollsBack(live: Bool) async throws {
        let service = Self.makeService()
        try await Self.withAdmin(service, live: live) { client in
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

    @Test func aReplacedArtifactDeployedAgainUnderItsNameServesAndRollsBackToTheOneBefore() async throws {
        // Given a server without a registry serving v2 deployed through its admin API
        let service = Self.makeService()
        let directory = try Self.makeModelDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await Self.makeApp(service, directory: directory).test(.router) { client in
            #expect(try await post(client, "/admin/deploy", body: #"{"artifact": "v2.mqm"}"#).0 == .ok)
            let before = try await client.execute(uri: "/recommend/1", method: .get) { String(buffer: $0.body) }
            #expect(before.hasPrefix("new+2020"))

            // When v2.mqm is replaced by another model and deployed again under the same name
            try ModelArtifact.write(Self.popularity(["old+1990", "new+2020"]), to: directory + "/v2.mqm")
            #expect(try await post(client, "/admin/deploy", body: #"{"artifact": "v2.mqm"}"#).0 == .ok)

            // Then the new artifact serves, and a rollback serves the v2 deployed before it
            let after = try await client.execute(uri: "/recommend/1", method: .get) { String(buffer: $0.body) }
            #expect(after.hasPrefix("old+1990"))
            #expect(service.history.map(\.version) == ["v1", "v2"])
            #expect(try await post(client, "/admin/rollback").0 == .ok)
            let restored = try await client.execute(uri: "/recommend/1", method: .get) { String(buffer: $0.body) }
            #expect(restored.hasPrefix("new+2020") && service.model.version == "v2" && service.history.map(\.version) == ["v1"])
        }
    }

    @Test(arguments: ["bad.mqm", "missing.mqm", "../v2.mqm", "/etc/passwd"], [false, true])
    func refusesACorruptMissingOrOutsideArtifactAndKeepsServing(_ artifact: String, live: Bool) async throws {
        let service = Self.makeService()
        try await Self.withAdmin(service, live: live) { client in
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
        // AsyncHTTPClient's pool gives each client its own connection: one shared test connection queues the 8 clients'
        // requests behind one another, and a loaded CI machine then hit its 15-second read timeout once.
        try await app.test(.ahc(.http)) { client in
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

    @Test(arguments: [false, true])
    func canaryServesItsShareOfUsersByStableHashThenIsPromoted(live: Bool) async throws {
        // Given a canary of v2 for 30 % of users
        let service = Self.makeService()
        try await Self.withAdmin(service, live: live) { client in
            let (started, _) = try await post(client, "/admin/canary", body: #"{"artifact": "v2.mqm", "share": 0.3}"#)
            #expect(started == .ok)
            // Then about 30 % of users are routed to it, always the same ones, and they get its answer
            let routes = (0..<2_000).map { service.route(for: UserID(Int64($0))!) }
            let canaryUsers = routes.enumerated().filter { $0.element.route == .canary }.map(\.offset)
            #expect(abs(canaryUsers.count - 600) < 90)
            #expect(canaryUsers.allSatisfy { service.route(for: UserID(Int64($0))!).model.version == "v2" })
            let user = try #require(canaryUsers.first)
            let answer = try await client.execute(uri: "/recommend/\(user)", method: .get) { String(buffer: $0.body) }
            #expect(answer.hasPrefix("new+2020"))
            // When it is promoted, everyone gets it
            let (promoted, _) = try await post(client, "/admin/canary/promote")
            #expect(promoted == .ok)
            #expect(service.model.version == "v2" && service.current.canary == nil)
            #expect((0..<100).allSatisfy { service.route(for: UserID(Int64($0))!).route == .production })
        }
    }

    @Test(arguments: [false, true])
    func experimentSplitsUsersIntoStableArmsOutsideTheCanaryThenStops(live: Bool) async throws {
        // Given a canary of v2 for 10 % of users, and an experiment giving v2 to half of the others
        let service = Self.makeService()
        try await Self.withAdmin(service, live: live) { client in
            let (canary, _) = try await post(client, "/admin/canary", body: #"{"artifact": "v2.mqm", "share": 0.1}"#)
            #expect(canary == .ok)
            let (started, text) = try await post(client, "/admin/experiment", body: #"{"name": "ranking-1", "treatment": "v2.mqm", "share": 0.5}"#)
            #expect(started == .ok, "\(text)")
            // Then canary users stay in the canary, the rest split about 50/50, each user always in the same arm
            let routes = (0..<4_000).map { service.route(for: UserID(Int64($0))!) }
            let counts = Dictionary(grouping: routes.map(\.route.text), by: { $0 }).mapValues(\.count)
            #expect(abs((counts["canary"] ?? 0) - 400) < 90)
            #expect(abs((counts["ab:ranking-1:treatment"] ?? 0) - 1_800) < 170)
            #expect(abs((counts["ab:ranking-1:control"] ?? 0) - 1_800) < 170)
            #expect(counts["production"] == nil)
            #expect(routes.enumerated().allSatisfy { service.route(for: UserID(Int64($0.offset))!).route == $0.element.route })
            #expect(routes.allSatisfy { $0.route.text.hasSuffix(":control") ? $0.model.version == "v1" : $0.model.version == "v2" })
            // And the versions list shows the experiment
            let versions = try await client.execute(
                uri: "/admin/versions", method: .get, headers: [.authorization: "Bearer \(Self.token)"]
            ) { String(buffer: $0.body) }
            #expect(versions.contains(#""experiment":{"control":"v1","name":"ranking-1","share":0.5,"treatment":"v2"}"#))
            // When it stops, its users are back on production
            let (stopped, _) = try await post(client, "/admin/experiment/stop")
            #expect(stopped == .ok)
            #expect((0..<200).allSatisfy { !service.route(for: UserID(Int64($0))!).route.text.hasPrefix("ab:") })
        }
    }

    @Test(arguments: [
        #"{"name": "bad name!", "treatment": "v2.mqm", "share": 0.5}"#, #"{"name": "x", "treatment": "v2.mqm", "share": 2}"#,
        #"{"name": "x", "treatment": "bad.mqm", "share": 0.5}"#, #"{"name": "x", "treatment": "v2.mqm", "control": "../v1", "share": 0.5}"#,
        #"{"name": "x"}"#, "not json",
    ])
    func refusesABadExperimentAndChangesNothing(_ body: String) async throws {
        let service = Self.makeService()
        try await Self.withAdmin(service, live: false) { client in
            let (status, text) = try await post(client, "/admin/experiment", body: body)
            #expect(status == .badRequest || status == .unprocessableContent, "\(body): \(status) \(text)")
            #expect(!text.contains("\n"))
        }
        #expect(service.current.experiment == nil)
    }

    @Test(arguments: [
        ("/admin/deploy", "not json"), ("/admin/deploy", #"{"artifact": "v2.mqm", "padding": "\#(String(repeating: "x", count: 20_000))"}"#),
        ("/admin/canary", #"{"artifact": "v2.mqm"}"#), ("/admin/canary/share", #"{"share": "half"}"#),
    ])
    func refusesAMalformedOrOversizedBodyWithA400SayingWhatItExpects(path: String, body: String) async throws {
        // Given a server serving v1, with the admin API, through a live socket
        let service = Self.makeService()
        try await Self.withAdmin(service, live: true) { client in
            // When a body of another shape, or over 16 KiB, is posted
            let headers: HTTPFields = [.contentType: "application/json", .authorization: "Bearer \(Self.token)"]
            let (status, type, text) = try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body)) {
                ($0.status, $0.headers[.contentType], String(buffer: $0.body))
            }
            // Then it is refused with 400 and one plain-text line naming what was expected, and nothing changes
            #expect(status == .badRequest, "\(path): \(status) \(text)")
            #expect(type?.hasPrefix("text/plain") == true)
            #expect((text.contains("expected a JSON body") || text.contains(#"a canary needs "share""#)) && !text.contains("\n"), "\(text)")
        }
        #expect(service.model.version == "v1" && service.current.canary == nil)
    }
}
