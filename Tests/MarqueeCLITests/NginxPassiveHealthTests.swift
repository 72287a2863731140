import Foundation
import MarqueeTestSupport
import Testing

/// The shipped nginx configuration's passive health check and timeouts, against fake replicas whose speed the test
/// sets (chaos run, finding 2): a replica that is slow but alive is never left out so that nginx answers 5xx while a
/// replica could answer, and a dead one still is left out. Without nginx or Python 3 the cases are skipped, except in
/// CI (`MARQUEE_REQUIRE_DATA=1`), where they fail.
@Suite(.dedicatedThreads, .serialized)
struct NginxPassiveHealthTests {
    @Test func slowButAliveReplicasAreNeverBothLeftOut_everyRequestAnswerableWithinTheBudgetIsAnswered() async throws {
        guard let nginx = NginxServer.binary(), let python = FakeReplica.python() else { return }
        // Given two replicas that answer most users at once, every fifth (user % 5 == 3) after 380 ms (slow, within
        // the budget and the model deadline's margin) and every fifth (user % 5 == 0) after 700 ms (too slow for
        // the 800 ms budget whichever replica answers: both attempts time out), behind the shipped configuration
        let slow = [FakeReplica.SlowUsers(every: 5, remainder: 3, milliseconds: 380), .init(every: 5, remainder: 0, milliseconds: 700)]
        let replicas = try await [FakeReplica.start(python, slow: slow), FakeReplica.start(python, slow: slow)]
        defer { for replica in replicas { replica.stop() } }
        let balancer = try await NginxServer.start(nginx, replicas: replicas.map(\.port))
        defer { balancer.stop() }

        // When 60 users ask in turn, so that the hopeless requests' timeouts reach both replicas' max_fails
        var failed: [String] = []
        for user in 1...60 {
            let answer = try? await ServerProcess.get("http://127.0.0.1:\(balancer.port)/recommend/\(user)")
            guard user % 5 != 0 else { continue }
            if answer?.0 == 200 { continue }
            failed.append("user \(user): \(answer.map { "\($0.0) \($0.1.prefix(40))" } ?? "no answer")")
        }

        // Then every user who could be answered within the budget was, and nginx never ran out of replicas
        #expect(failed.isEmpty, "\(failed.count) failed: \(failed.prefix(8))")
        let log = (try? String(contentsOfFile: balancer.directory.path("error.log"), encoding: .utf8)) ?? ""
        #expect(!log.contains("no live upstreams"), "nginx left every replica out: \(log.suffix(600))")
    }

    @Test func aDeadReplicaIsLeftOutAfterAFewRefusedConnections_andCostsNoRequest() async throws {
        guard let nginx = NginxServer.binary(), let python = FakeReplica.python() else { return }
        // Given one live replica and one address nothing listens on, behind the shipped configuration
        let live = try await FakeReplica.start(python)
        defer { live.stop() }
        let balancer = try await NginxServer.start(nginx, replicas: [live.port, try NginxServer.freePort()])
        defer { balancer.stop() }

        // When 40 users ask in turn
        var statuses: [Int] = []
        for user in 1...40 {
            statuses.append(try await ServerProcess.get("http://127.0.0.1:\(balancer.port)/recommend/\(user)").0)
        }

        // Then every request is answered (a refused connection is retried on the live replica)
        #expect(statuses.allSatisfy { $0 == 200 }, "\(statuses)")
        // And the dead address was tried a handful of times (max_fails, then once per fail_timeout), not for every
        // other request as it would be without the passive health check
        let log = (try? String(contentsOfFile: balancer.directory.path("error.log"), encoding: .utf8)) ?? ""
        let refused = log.components(separatedBy: "Connection refused").count - 1
        #expect((1...12).contains(refused), "the dead replica was tried \(refused) times for 40 requests")
    }
}
