import Logging
import MarqueeLifecycle
import MarqueeStore
import ServiceLifecycle

/// Keeps a server that does not follow the log itself (`marquee serve`) in step with the store's user and movie
/// records: every `interval` it refreshes the stated tastes and the ``AgeRestriction`` (see
/// ``RecommendationService/refreshStatedTastes(_:from:)``), so that a movie later recorded as adult, or a user whose
/// age is learnt later, is filtered within one interval. A failed read is logged; what serves keeps serving.
public struct RecordsRefresher: Service {
    let store: any EventStore
    let service: RecommendationService
    let interval: Duration
    let logger: Logger

    /// Creates a refresher.
    public init(store: any EventStore, service: RecommendationService, interval: Duration = .seconds(60), logger: Logger) {
        self.store = store
        self.service = service
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        var index = StatedTasteIndex()
        let (store, service, logger) = (store, service, logger)
        await repeatUntilShutdown(every: interval) {
            do {
                try await service.refreshStatedTastes(&index, from: store)
            } catch {
                logger.error("User and movie records could not be refreshed; the last ones stay in force", metadata: ["error": "\(error)"])
            }
        }
    }
}
