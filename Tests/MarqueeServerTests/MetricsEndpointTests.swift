import Foundation
import Hummingbird
import HummingbirdTesting
import MarqueeCore
import MarqueeModels
import MarqueeServer
import MarqueeTestSupport
import Testing

@Suite(.dedicatedThreads)
struct MetricsEndpointTests {
    private static func makeService() -> RecommendationService {
        let model = PopularityRecommender(
            training: TrainingData(interactions: [
                .init(user: UserID(1)!, movie: MovieID("alien+1979")!, minutesWatched: 90, rating: nil)
            ]))
        // A deadline no answer of this one-movie model misses, however busy the machine: these tests count answers, and
        // `marquee_recommend_fallbacks_total 0` once read 2 when every suite ran at once and the compute queue waited
        // past the default 300 ms (the deadline itself is tested in RecommendationServiceTests).
        return RecommendationService(model: ServingModel(recommender: model, watched: [:], version: "pop-7"), deadline: .seconds(60))
    }

    private func scrape(after requests: [String]) async throws -> String {
        let app = Application(router: buildRouter(service: Self.makeService(), metrics: ServerMetrics()))
        return try await app.test(.router) { client in
            for uri in requests { try await client.execute(uri: uri, method: .get) { _ in } }
            return try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                return String(buffer: response.body)
            }
        }
    }

    @Test func countsRequestsByRouteAndStatusAndTimesRecommend() async throws {
        let text = try await scrape(after: ["/recommend/1", "/recommend/2", "/recommend/abc", "/nope"])
        #expect(text.contains(#"marquee_http_requests_total{route="recommend",status="200"} 2"#))
        #expect(text.contains(#"marquee_http_requests_total{route="recommend",status="400"} 1"#))
        #expect(text.contains(#"marquee_http_requests_total{route="other",status="404"} 1"#))
        #expect(text.contains("marquee_recommend_duration_seconds_count 3"))  // every /recommend answer, the 400 included
        #expect(text.contains(#"marquee_model_info{version="pop-7"} 1"#))
        #expect(text.contains("marquee_recommend_fallbacks_total 0"))
        #expect(text.contains("marquee_telemetry_dropped_total 0"))
        #expect(text.contains("process_resident_memory_bytes "))
    }

    @Test func expositionPassesPromtoolCheckMetrics() async throws {
        let text = try await scrape(after: ["/recommend/1", "/health"])
        guard let check = try Promtool.checkMetrics(text) else {
            // In CI (MARQUEE_REQUIRE_DATA=1) the tool is installed by scripts/test.sh and must be present.
            if Promtool.isRequired { Issue.record("promtool is not installed: run scripts/test.sh, which installs Debian's prometheus package") }
            return
        }
        #expect(check.status == 0, "promtool check metrics: \(check.report)")
    }
}
