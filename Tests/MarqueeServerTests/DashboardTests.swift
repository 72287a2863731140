import Foundation
import Hummingbird
import HummingbirdTesting
import MarqueeCore
import MarqueeEvaluation
import MarqueeLifecycle
import MarqueeModels
import MarqueeServer
import MarqueeStore
import MarqueeTestSupport
import Testing

/// `GET /dashboard` over an empty store and over a store filled by a short simulated run.
@Suite(.dedicatedThreads)
struct DashboardTests {
    private static func makeService() -> RecommendationService {
        RecommendationService(
            model: ServingModel(recommender: PopularityRecommender(training: TrainingData(interactions: [])), watched: [:], version: "empty"))
    }

    private static func dashboardPage(store: DashboardLoader.Store) async throws -> (status: HTTPResponse.Status, type: String?, body: String) {
        let router = buildRouter(service: makeService(), dashboard: .live(store: store))
        return try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/dashboard", method: .get) { response in
                (response.status, response.headers[.contentType], String(buffer: response.body))
            }
        }
    }

    @Test func aFreshServerWithAnEmptyStoreShowsNoDataYetStates() async throws {
        // Given an empty store
        let store = try SQLiteEventStore.inMemory()
        // When the dashboard is asked for
        let page = try await Self.dashboardPage(store: store)
        // Then it is a whole HTML page whose charts say there is no data yet
        #expect(page.status == .ok)
        #expect(page.type?.hasPrefix("text/html") == true)
        #expect(page.body.hasPrefix("<!DOCTYPE html>") && page.body.hasSuffix("</html>\n"))
        #expect(page.body.components(separatedBy: ">no data yet<").count - 1 >= 4)
        #expect(page.body.contains("no version registered yet"))
        for section in ["id=\"headline\"", "id=\"service\"", "id=\"online\"", "id=\"quality\"", "id=\"models\""] {
            #expect(page.body.contains(section), "\(section)")
        }
    }

    @Test func aStoreFromASimulatedRunShowsEverySectionWithItsData() async throws {
        // Given a store filled by a short simulated run
        let store = try SQLiteEventStore(path: try await SimulatedStore.path)
        let versions = try await store.versions()
        // When the dashboard is asked for
        let page = try await Self.dashboardPage(store: store)
        // Then it shows the headline tiles, the charts with markers, the tables and every registered version
        #expect(page.status == .ok)
        let body = page.body
        for text in [
            "Availability, last hour", "Latency p99", "Production model", "Online follow-through", "Drift", "Quarantine rate",
            "Availability: share of logged requests", "Latency as the service measured it", "Online metric: follow-through per model version",
            "Quarantined log lines by reason", "Data quality", "Model versions, newest first", ">canary v", ">A/B personalised-vs-popularity starts<",
            ">Licence cost per view<", "Licence cost per view (USD) per day", "views; fee known for 100 %",
        ] {
            #expect(body.contains(text), "missing \(text)")
        }
        #expect(!body.contains(">no data yet<"), "a filled store has data for every chart")
        for version in versions { #expect(body.contains(">\(version.version)<"), "\(version.version)") }
        #expect(body.contains("<meta http-equiv=\"refresh\" content=\"30\">"))
        #expect(!body.contains("<script"))
    }

    /// A snapshot of a day where user 1 watched the movie recommended to them, whose fee is `recommendedFee`, and users
    /// 2–4 each watched `cheap+1990` (fee 1) on their own.
    private static func snapshot(recommendedFee: Double) throws -> DashboardSnapshot {
        let epoch = EventTime(year: 2025, month: 1, day: 1, hour: 0, minute: 0, second: 0)!
        let fees = [MovieID("costly+2020")!: recommendedFee, MovieID("cheap+1990")!: 1]
        let answer = ServedRecommendation(user: UserID(1)!, time: epoch, movies: [MovieID("costly+2020")!], modelVersion: "v1", route: "production")
        let events =
            [Event(time: epoch.adding(seconds: 60), user: UserID(1)!, kind: .watch(movie: MovieID("costly+2020")!, minute: 0))]
            + (2...4).map { Event(time: epoch.adding(seconds: 600), user: UserID($0)!, kind: .watch(movie: MovieID("cheap+1990")!, minute: 0)) }
        let online = try OnlineEvaluator.evaluate(
            answers: [answer], events: events, runtimes: [:], licenceCosts: fees, observedUntil: epoch.adding(seconds: 2 * 86_400))
        return DashboardSnapshot(
            loadedAt: WallTime(microseconds: 0), online: online, licenceCosts: LicenceCostSummary(events: events, licenceCosts: fees, online: online))
    }

    @Test(arguments: [(4.0, "bad", "$4.00", "(×2.29) vs $1.75"), (1.5, "good", "$1.50", "(×1.33) vs $1.12")])
    func theLicenceCostTileComparesRecommendedWithAllViewsAndTurnsRedAboveTheAlertRatio(
        recommendedFee: Double, status: String, value: String, comparison: String
    ) throws {
        // Given a recommended view costing `recommendedFee` and three views of a movie costing 1 chosen by users alone
        let page = DashboardPage.html(try Self.snapshot(recommendedFee: recommendedFee))
        // Then the tile shows the recommended cost per view against that of all 4 views, red above 1.5 times
        #expect(page.contains("<div class=\"tile \(status)\"><div class=\"label\">Licence cost per view</div><div class=\"value\">\(value)</div>"))
        #expect(page.contains("recommended \(comparison) over all 4 views; fee known for 100 %"))
        // And the daily chart has a line for all views, the recommended views and the version
        #expect(page.contains("Licence cost per view (USD) per day"))
        for series in ["all views", "recommended", "v1"] { #expect(page.contains(">\(series)<"), "\(series)") }
    }

    @Test func aReloadStormCostsOneLoad() async throws {
        // Given a cache whose page takes a moment to render
        let loads = LoadCounter()
        let cache = DashboardCache(maximumAge: .seconds(60)) {
            await loads.increment()
            try await Task.sleep(for: .milliseconds(50))
            return "<html></html>"
        }
        // When many requests ask at once, and again later
        try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<25 { group.addTask { try await cache.page() } }
            for try await page in group { #expect(page == "<html></html>") }
        }
        _ = try await cache.page()
        // Then the page was rendered once
        #expect(await loads.count == 1)
    }
}

extension DashboardTests {
    @Test func aFailedReloadServesTheLastPageAndAFirstFailureThrows() async throws {
        // Given a cache whose second render fails, and one whose first does
        let loads = LoadCounter()
        let cache = DashboardCache(maximumAge: .zero) {
            await loads.increment()
            guard await loads.count == 1 else { throw StoreUnavailable() }
            return "<html>first</html>"
        }
        let broken = DashboardCache { throw StoreUnavailable() }
        // When each is asked twice
        let first = try await cache.page()
        let second = try await cache.page()
        // Then the failed reload served the last page, and a cache without one reports the error
        let renders = await loads.count
        #expect(first == "<html>first</html>" && second == first && renders == 2)
        await #expect(throws: StoreUnavailable.self) { try await broken.page() }
    }
}

/// A render's failure.
private struct StoreUnavailable: Error {}

/// Counts loads across tasks.
private actor LoadCounter {
    private(set) var count = 0
    func increment() { count += 1 }
}
