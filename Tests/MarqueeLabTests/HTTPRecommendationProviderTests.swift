import Hummingbird
import HummingbirdTesting
import MarqueeCore
import MarqueeLab
import MarqueeModels
import MarqueeServer
import MarqueeSimulator
import MarqueeTestSupport
import Testing

@Suite(.dedicatedThreads)
struct HTTPRecommendationProviderTests {
    @Test func fetchesRecommendationsFromALiveServer() async throws {
        // Given a live server on a free loopback port
        let model = PopularityRecommender(
            training: TrainingData(interactions: [
                .init(user: UserID(1)!, movie: MovieID("alien+1979")!, minutesWatched: 90, rating: nil)
            ]))
        let service = RecommendationService(model: ServingModel(recommender: model, watched: [:], version: "t"))
        let app = Application(router: buildRouter(service: service), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            // When the provider asks for a user's recommendations
            // A generous timeout: this checks the exchange, not latency, and other suites load the machine in parallel.
            let response = await HTTPRecommendationProvider(server: "127.0.0.1:\(port)", timeout: .seconds(10)).recommendations(for: UserID(2)!)
            // Then it gets status 200 and the list
            #expect(response.status == 200)
            #expect(response.body == .items(["alien+1979"]))
        }
    }

    @Test func reportsRefusedConnectionAsStatusZero() async throws {
        // Port 1 on loopback: nothing listens there.
        let response = await HTTPRecommendationProvider(server: "127.0.0.1:1", timeout: .milliseconds(300)).recommendations(for: UserID(2)!)
        #expect(response.status == 0)
        guard case .error(let text) = response.body else {
            Issue.record("expected an error body")
            return
        }
        #expect(text.contains("127.0.0.1:1"))
    }
}
