import Foundation
import MarqueeCore
import MarqueeStore
import MarqueeTestSupport
import Synchronization
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

#if canImport(Glibc)
import Glibc
#endif

/// Several `marquee serve` replicas over one PostgreSQL store behind the shipped nginx configuration: a version made
/// production in the registry reaches every replica while requests flow, and a replica killed mid-stream costs no
/// request. Without nginx or PostgreSQL the cases are skipped, except in CI (`MARQUEE_REQUIRE_DATA=1`), where they fail.
@Suite(.dedicatedThreads, .serialized)
struct ReplicasBehindNginxTests {
    @Test func shippedNginxConfigurationPassesNginxCheckWithReplicasSubstituted() throws {
        guard let nginx = NginxServer.binary() else { return }
        // Given the shipped configuration rendered for two loopback replicas
        // Then nginx accepts it
        let (status, output) = try NginxServer.check(nginx, replicas: [18_082, 18_083])
        #expect(status == 0, "nginx -t: \(output)")
        // And the rendered file keeps the settings that make failover work
        let rendered = try NginxServer.render(replicas: [18_082, 18_083], listen: 18_080)
        for setting in [
            "server 127.0.0.1:18082 max_fails=5 fail_timeout=2s;", "server 127.0.0.1:18083 max_fails=5 fail_timeout=2s;",
            "server 127.0.0.1:18082 backup max_fails=0;", "server 127.0.0.1:18083 backup max_fails=0;", "least_conn;", "keepalive 32;",
            "proxy_next_upstream error timeout http_502 http_503;", "proxy_connect_timeout 100ms;", "proxy_read_timeout 450ms;",
            "proxy_set_header X-Marquee-Timeout-Ms 450;",
        ] {
            #expect(rendered.contains(setting), "missing: \(setting)")
        }
    }

    @Test func shippedNginxPassesOnlyExactRecommendPaths_neverAnExplanation() async throws {
        guard let nginx = NginxServer.binary() else { return }
        // Given one replica on a SQLite store, with the admin token set so that it serves explanations, behind nginx
        let directory = try TemporaryDirectory()
        let store = try IngestedWatchesFixture.store(in: directory)
        let (process, _, stderr) = try MarqueeProcess.start([
            "serve", "--store", store, "--port", "0", "--rate-limit", "0", "--log-level", "notice", "--admin-token", Self.adminToken,
        ])
        defer { if process.isRunning { process.terminate() } }
        let replica = try #require(ServerProcess.boundPort(of: stderr))
        let balancer = try await NginxServer.start(nginx, replicas: [replica])
        defer { balancer.stop() }
        let edge = "http://127.0.0.1:\(balancer.port)"
        // When the public edge is asked for a user's recommendations, Then it answers them
        let (status, body) = try await ServerProcess.get("\(edge)/recommend/1")
        #expect(status == 200 && body.split(separator: ",").allSatisfy { MovieID($0) != nil }, "\(status) \(body)")
        // When it is asked for an explanation in any spelling, even with the token, Then it never passes one on
        for path in [
            "/recommend/1/explain", "/recommend/1/explain/", "/recommend/1/explain?x=1", "/recommend/1%2Fexplain", "/recommend//1/explain",
            "/recommend/x/../1/explain", "/recommend/1/./explain", "/recommend/%31/explain", "/recommend/1/EXPLAIN",
        ] {
            let (status, body) = try await ServerProcess.get(edge + path, token: Self.adminToken)
            #expect(status == 404 && !body.contains("model_version"), "\(path): \(status) \(body.prefix(80))")
        }
        // While the replica itself serves the explanation to a caller with the token, and only to one
        #expect(try await ServerProcess.get("http://127.0.0.1:\(replica)/recommend/1/explain").0 == 401)
        let direct = try await ServerProcess.get("http://127.0.0.1:\(replica)/recommend/1/explain", token: Self.adminToken)
        #expect(direct.0 == 200 && direct.1.contains("model_version"))
    }

    @Test(.enabled(if: PostgresTestServer.enabled))
    func twoReplicasBehindNginxFollowAPromotionAndSurviveAKilledReplicaWithoutAFailedRequest() async throws {
        // Given a PostgreSQL store with a simulated log and a first version registered and made production
        try await Self.withSimulatedStore { nginx, store, url, models in
            try await Self.rollOutAndKill(nginx: nginx, store: store, url: url, models: models)
        }
    }

    @Test(.enabled(if: PostgresTestServer.enabled))
    func aCanarySetThroughOneReplicasAdminAPIReachesTheOtherAndRoutesEveryUserAlikeUntilTheOtherStopsIt() async throws {
        // Given a PostgreSQL store with a simulated log, a production version and a second registered version
        try await Self.withSimulatedStore { nginx, store, url, models in
            try await Self.canaryAcrossReplicas(nginx: nginx, store: store, url: url, models: models)
        }
    }

    /// Runs `body` with nginx's path and a fresh PostgreSQL database holding the simulated log and catalogue (its store
    /// open, its `--store` URL, an empty models directory); nothing runs without nginx.
    private static func withSimulatedStore(
        _ body: (_ nginx: String, _ store: any DataStore, _ url: String, _ models: String) async throws -> Void
    ) async throws {
        guard let nginx = NginxServer.binary() else { return }
        let directory = try TemporaryDirectory()
        let (log, catalogue, models) = try SimulatedLogFixture.write(in: directory)
        try await PostgresTestServer.withDatabase { location in
            let url = SimulatedLogFixture.url(of: location)
            let ingest = try MarqueeProcess.run(["ingest", "--store", url, "--catalogue", catalogue, log])
            try #require(ingest.status == 0, "ingest failed: \(ingest.standardError)")
            let store = try await StoreLocation(url).open()
            do {
                try await body(nginx, store, url, models)
            } catch {
                try? await store.close()
                throw error
            }
            try await store.close()
        }
    }

    private static func canaryAcrossReplicas(nginx: String, store: any DataStore, url: String, models: String) async throws {
        let production = try await registerVersion(store: store, url: url, models: models, seed: 1)
        try await promote(production, store: store)
        let candidate = try await registerVersion(store: store, url: url, models: models, seed: 2)
        // And two replicas following the registry, with the admin API on, behind nginx
        var replicas: [(process: Process, port: Int)] = []
        defer { for replica in replicas where replica.process.isRunning { replica.process.terminate() } }
        for _ in 0..<2 {
            let (process, _, stderr) = try MarqueeProcess.start([
                "serve", "--store", url, "--port", "0", "--registry-poll", "0.5", "--rate-limit", "0", "--log-level", "notice",
                "--admin-token", adminToken, "--explain-rate-limit", "10000",
            ])
            replicas.append((process, try #require(ServerProcess.boundPort(of: stderr))))
        }
        for replica in replicas {
            #expect(try await waitForVersion(production, port: replica.port), "replica on \(replica.port) never served \(production)")
        }
        let balancer = try await NginxServer.start(nginx, replicas: replicas.map(\.port))
        defer { balancer.stop() }

        // When a canary of 40 % is started through the first replica's admin API
        let (status, answer) = try await adminPost(
            port: replicas[0].port, "/admin/canary", #"{"artifact": "\#(candidate).mqm", "share": 0.4}"#)
        try #require(status == 200, "\(status) \(answer)")
        // Then the second replica serves it, with the same share, within a few polls
        #expect(try await waitForCanary(candidate, share: 0.4, port: replicas[1].port), "the second replica never served canary \(candidate)")
        // And every user gets the same route from either replica (asked directly: nginx does not pass explanations on)
        // and the same answer through nginx, about 40 % of them the canary
        var canaryUsers = 0
        for user in 0..<60 {
            let routes = try await [replicas[0].port, replicas[1].port].asyncMap { port in
                try await route(of: user, port: port)
            }
            #expect(Set(routes).count == 1 && routes.first != nil, "user \(user) is routed \(routes)")
            if routes.first == "canary" { canaryUsers += 1 }
            let direct = try await ServerProcess.get("http://127.0.0.1:\(replicas[0].port)/recommend/\(user)")
            let edge = try await ServerProcess.get("http://127.0.0.1:\(balancer.port)/recommend/\(user)")
            #expect(edge.0 == 200 && edge.1 == direct.1, "user \(user): \(edge.1.prefix(60)) through nginx, \(direct.1.prefix(60)) directly")
        }
        #expect((10...40).contains(canaryUsers), "\(canaryUsers) of 60 users in the canary")

        // When the second replica's admin API stops it
        let (stopped, stopAnswer) = try await adminPost(port: replicas[1].port, "/admin/canary/stop")
        try #require(stopped == 200, "\(stopped) \(stopAnswer)")
        // Then the first replica stops it too, and the registry records the rollback
        #expect(try await waitForCanary(nil, share: 0, port: replicas[0].port), "the first replica still serves the canary")
        #expect(try await store.version(candidate)?.stage == .rejected)
    }

    private static let adminToken = "replicas-test-token-of-at-least-32-bytes"

    /// POSTs `body` to the admin API of the replica on `port`.
    private static func adminPost(port: Int, _ path: String, _ body: String = "") async throws -> (Int, String) {
        var request = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(port)\(path)")))
        request.httpMethod = "POST"
        request.setValue("Bearer \(adminToken)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(body.utf8)
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? -1, String(decoding: data, as: UTF8.self))
    }

    /// Asks the replica on `port` for its versions until its canary is `version` with `share` (no canary for `nil`).
    private static func waitForCanary(_ version: String?, share: Double, port: Int, seconds: Int = 10) async throws -> Bool {
        var request = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(port)/admin/versions")))
        request.setValue("Bearer \(adminToken)", forHTTPHeaderField: "Authorization")
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if let (data, _) = try? await URLSession.shared.data(for: request),
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                object["canary"] as? String == version, (object["canary_share"] as? Double ?? -1) == share
            {
                return true
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// The route user `user` gets from the server on `port`.
    private static func route(of user: Int, port: Int) async throws -> String? {
        let (_, body) = try await ServerProcess.get("http://127.0.0.1:\(port)/recommend/\(user)/explain", token: adminToken)
        let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        return object?["route"] as? String
    }

    private static func rollOutAndKill(nginx: String, store: any DataStore, url: String, models: String) async throws {
        let first = try await registerVersion(store: store, url: url, models: models, seed: 1)
        try await promote(first, store: store)

        // And two replicas polling the registry every second, behind nginx
        var replicas: [(process: Process, port: Int)] = []
        defer { for replica in replicas where replica.process.isRunning { replica.process.terminate() } }
        for _ in 0..<2 {
            let (process, _, stderr) = try MarqueeProcess.start([
                "serve", "--store", url, "--port", "0", "--registry-poll", "1", "--rate-limit", "0", "--log-level", "notice",
                "--admin-token", adminToken, "--explain-rate-limit", "10000",
            ])
            replicas.append((process, try #require(ServerProcess.boundPort(of: stderr))))
        }
        for replica in replicas {
            #expect(try await waitForVersion(first, port: replica.port), "replica on \(replica.port) never served \(first)")
        }
        let balancer = try await NginxServer.start(nginx, replicas: replicas.map(\.port))
        defer { balancer.stop() }
        // A second version, registered before the stream starts (the pipeline's training would otherwise compete
        // with the replicas for the test machine's cores and measure that instead)
        let second = try await registerVersion(store: store, url: url, models: models, seed: 2)

        // When a steady stream of /recommend requests flows through nginx from 4 concurrent clients
        let stream = RequestStream(url: "http://127.0.0.1:\(balancer.port)/recommend/", users: 300)
        async let streamed = stream.run(clients: 4)
        try await Task.sleep(for: .seconds(1))

        // And the second version is made production in the registry
        let promotedAt = ContinuousClock.now
        try await promote(second, store: store)

        // Then within a few seconds both replicas serve it (asked directly, not through nginx)
        for replica in replicas {
            #expect(try await waitForVersion(second, port: replica.port, seconds: 10), "replica on \(replica.port) never served \(second)")
        }
        let rollout = ContinuousClock.now - promotedAt
        #expect(rollout < .seconds(10), "the rollout took \(rollout)")
        try await Task.sleep(for: .seconds(1))

        // When one replica is killed (SIGKILL: no graceful shutdown) while the stream flows
        let beforeKill = stream.counts()
        kill(replicas[0].process.processIdentifier, SIGKILL)
        replicas[0].process.waitUntilExit()
        try await Task.sleep(for: .seconds(3))
        stream.stop()
        let counts = await streamed

        // Then no request through nginx failed, before, during and after the rollout, nor after the kill
        #expect(counts.failures.isEmpty, "failed requests through nginx: \(counts.failures.prefix(10)) (\(counts.failures.count) in all)")
        #expect(counts.succeeded > 100, "only \(counts.succeeded) requests answered; the stream did not flow")
        #expect(counts.succeeded - beforeKill.succeeded > 20, "only \(counts.succeeded - beforeKill.succeeded) requests answered after the kill")
        // And the surviving replica serves the new version (asked directly: nginx does not proxy explanations)
        let (status, body) = try await ServerProcess.get("http://127.0.0.1:\(replicas[1].port)/recommend/5/explain", token: adminToken)
        #expect(status == 200 && modelVersion(in: body) == second)
        #expect(try await ServerProcess.get("http://127.0.0.1:\(balancer.port)/recommend/5/explain", token: adminToken).0 == 404)
    }

    /// Runs `marquee pipeline run` with popularity only (fast, and it always passes the gate against popularity) and
    /// returns the version it registered.
    private static func registerVersion(store: any DataStore, url: String, models: String, seed: Int) async throws -> String {
        let before = try await store.versions().count
        let run = try MarqueeProcess.run(["pipeline", "run", "--store", url, "--models-dir", models, "--models", "popularity", "--seed", "\(seed)"])
        try #require(run.status == 0, "pipeline failed: \(run.standardError)")
        let versions = try await store.versions()
        try #require(versions.count == before + 1, "the pipeline registered \(versions.count - before) versions")
        return try #require(versions.last?.version)
    }

    /// Makes `version` production in the registry and retires the previous production version, as the lifecycle
    /// controller's promotion does.
    private static func promote(_ version: String, store: any DataStore) async throws {
        let now = Int64(Date().timeIntervalSince1970 * 1_000_000)
        let previous = try await store.productionVersion()
        try await store.record(
            StageChange(stage: .production, at: WallTime(microseconds: now), reason: "promoted by the replicas test"), for: version)
        if let previous, previous.version != version {
            try await store.record(
                StageChange(stage: .retired, at: WallTime(microseconds: now), reason: "replaced by \(version)"), for: previous.version)
        }
    }

    /// Asks the replica on `port` directly for user 5's explanation until it names `version`, for up to `seconds`.
    private static func waitForVersion(_ version: String, port: Int, seconds: Int = 20) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if let (status, body) = try? await ServerProcess.get("http://127.0.0.1:\(port)/recommend/5/explain", token: adminToken), status == 200,
                modelVersion(in: body) == version
            {
                return true
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    private static func modelVersion(in explanation: String) -> String? {
        let object = try? JSONSerialization.jsonObject(with: Data(explanation.utf8)) as? [String: Any]
        return object?["model_version"] as? String
    }
}

/// Concurrent clients asking for random users' recommendations until stopped, counting every answer.
final class RequestStream: Sendable {
    struct Counts: Sendable {
        var succeeded = 0
        /// Each failed request: its status (or -1 when no answer came) and what came back.
        var failures: [String] = []
    }

    let url: String
    let users: Int
    private let stopped = Atomic<Bool>(false)
    private let tally = Mutex(Counts())

    init(url: String, users: Int) {
        self.url = url
        self.users = users
    }

    /// The counts so far.
    func counts() -> Counts { tally.withLock { $0 } }

    /// Makes the clients finish their current request and return.
    func stop() { stopped.store(true, ordering: .relaxed) }

    /// Runs `clients` clients until ``stop()``; returns the counts.
    func run(clients: Int) async -> Counts {
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<clients {
                group.addTask {
                    while !self.stopped.load(ordering: .relaxed), !Task.isCancelled {
                        let user = Int.random(in: 0..<self.users)
                        do {
                            let (status, body) = try await ServerProcess.get(self.url + "\(user)")
                            self.tally.withLock {
                                if status == 200 { $0.succeeded += 1 } else { $0.failures.append("\(status) \(body.prefix(80))") }
                            }
                        } catch {
                            self.tally.withLock { $0.failures.append("-1 \(error)") }
                        }
                        // A steady stream, not a flood: the replicas, nginx and this test share the machine's cores.
                        try? await Task.sleep(for: .milliseconds(5))
                    }
                }
            }
        }
        return counts()
    }
}

extension Array {
    /// The results of `transform` on each element, in order, one after the other.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
