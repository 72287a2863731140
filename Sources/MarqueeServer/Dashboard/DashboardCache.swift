import Foundation
import MarqueeCore
import MarqueeLifecycle
import MarqueeQuality

/// Serves the dashboard page from a cache refreshed at most every ``maximumAge``: a reload storm costs one load, and
/// concurrent requests while a load runs wait for that one load instead of starting their own.
public actor DashboardCache {
    /// Loads the current page; runs off the request path of `/recommend` (its own task, at utility priority).
    public typealias Render = @Sendable () async throws -> String

    private let render: Render
    private let maximumAge: Duration
    private let clock = ContinuousClock()
    private var cached: (page: String, at: ContinuousClock.Instant)?
    private var loading: Task<String, any Error>?

    /// Creates a cache over `render`.
    public init(maximumAge: Duration = .seconds(10), render: @escaping Render) {
        self.render = render
        self.maximumAge = maximumAge
    }

    /// A cache of the dashboard page of `loader`'s store, reloading every `refreshSeconds` in the browser.
    public init(loader: DashboardLoader, maximumAge: Duration = .seconds(10), refreshSeconds: Int = 30, now: @escaping @Sendable () -> WallTime) {
        self.init(maximumAge: maximumAge) {
            DashboardPage.html(try await loader.load(now: now()), refreshSeconds: refreshSeconds)
        }
    }

    /// The page, from the cache when it is fresh. When a reload fails, the last page (which shows when it was loaded)
    /// is served until a reload succeeds.
    /// - Throws: what rendering throws, when no page was rendered yet.
    public func page() async throws -> String {
        if let cached, clock.now - cached.at < maximumAge { return cached.page }
        if let loading { return try await loading.value }
        let render = render
        let task = Task(priority: .utility) { try await render() }
        loading = task
        defer { loading = nil }
        do {
            let page = try await task.value
            cached = (page, clock.now)
            return page
        } catch {
            guard let cached else { throw error }
            return cached.page
        }
    }
}

extension DashboardCache {
    /// The dashboard of `store` by the wall clock, with the data checked against `expectations`, cached for 10 seconds.
    public static func live(
        store: DashboardLoader.Store, configuration: DashboardConfiguration = .init(), expectations: ExpectationSuite = .standard
    ) -> DashboardCache {
        DashboardCache(loader: DashboardLoader(store: store, configuration: configuration, expectations: expectations)) {
            WallTime.now
        }
    }
}
