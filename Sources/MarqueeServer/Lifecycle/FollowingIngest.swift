import Foundation
import Logging
import MarqueeCore
import MarqueeIngest
import MarqueeLifecycle
import MarqueeModels
import MarqueeStore
import ServiceLifecycle
import Synchronization

/// Follows the log into the store as a service: tells the served models what users watched (from each stored batch,
/// every ``refreshInterval``, dropping users forgotten since) and what new users said they like (re-matching only changed self-descriptions), exports
/// the ingest's
/// metrics and its lag behind the file, and retries an ingest that stops on an error with backoff (up to a minute
/// between attempts), so that it never takes serving down.
public struct FollowingIngest: Service {
    let store: any EventStore & ForgettingStore
    let path: String
    let service: RecommendationService
    let metrics: IngestMetrics
    let logger: Logger
    /// The service's rating scale (``MarqueeCore/ServiceConfiguration``): ratings outside it are quarantined.
    let ratingScale: RatingScale
    /// How often the served models take in what was watched and the stated tastes are refreshed.
    let refreshInterval: Duration

    /// Creates the service over the log at `path`, whose ratings are on `ratingScale`.
    public init(
        store: any EventStore & ForgettingStore, path: String, service: RecommendationService, metrics: IngestMetrics, logger: Logger,
        ratingScale: RatingScale = .fiveStars, refreshInterval: Duration = .seconds(30)
    ) {
        self.ratingScale = ratingScale
        self.refreshInterval = refreshInterval
        self.store = store
        self.path = path
        self.service = service
        self.metrics = metrics
        self.logger = logger
    }

    public func run() async throws {
        let (store, path, service, metrics, logger, ratingScale) = (store, path, service, metrics, logger, ratingScale)
        let (newlyWatched, refreshInterval) = (NewlyWatched(), refreshInterval)
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    var statedTastes = StatedTasteIndex()
                    while !Task.isCancelled {
                        try? await Task.sleep(for: refreshInterval)
                        let forgotten = (try? await store.forgottenUsers()) ?? []
                        service.addWatched(newlyWatched.take(), forgetting: forgotten)
                        try? await service.refreshStatedTastes(&statedTastes, from: store)
                    }
                }
                group.addTask {
                    while !Task.isCancelled {
                        await Self.measureLag(store: store, path: path, metrics: metrics)
                        try? await Task.sleep(for: .seconds(10))
                    }
                }
                group.addTask {
                    var backoff = Duration.seconds(1)
                    let ingestor = EventIngestor(
                        store: store, configuration: IngestConfiguration(codec: .init(ratingScale: ratingScale), progressInterval: 1))
                    while !Task.isCancelled {
                        do {
                            let warned = WarnedOnce()
                            let summary = try await ingestor.ingest(
                                file: path, follow: true,
                                progress: { progress in
                                    metrics.record(progress)
                                    if let warning = progress.lostCheckpointWarning, warned.first() { logger.warning("\(warning)") }
                                }, stored: newlyWatched.record)
                            metrics.record(summary)
                        } catch {
                            if Task.isCancelled { break }
                            logger.error("Ingest stopped; retrying", metadata: ["error": "\(error)", "retry.seconds": "\(backoff.inSeconds)"])
                        }
                        try? await Task.sleep(for: backoff)
                        backoff = min(backoff * 2, .seconds(60))
                    }
                }
                await group.waitForAll()
            }
        }
    }

    /// Sets the lag gauge to ``lag(store:path:)``.
    static func measureLag(store: any EventStore, path: String, metrics: IngestMetrics) async {
        guard let lag = await lag(store: store, path: path) else { return }
        metrics.setLag(bytes: lag)
    }

    /// The bytes of the log not stored yet: the file's size minus the store's checkpoint of it, or its whole size when the
    /// checkpoint is in the file it was before a rotation (the rest of that file is not counted), and 0 just after a
    /// truncation; `nil` when the file cannot be read.
    static func lag(store: any EventStore, path: String) async -> Int64? {
        guard let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value else { return nil }
        let checkpoint = (try? await store.position(of: FileLineSource.name(ofPath: path))) ?? nil
        var stored = checkpoint?.offset ?? 0
        if let file = checkpoint?.file, file != FileIdentity(ofFileAt: path) { stored = 0 }
        return max(0, size - stored)
    }

    /// Whether the store holds the log up to its last `slack` bytes (1 MiB, about 15,000 lines, by default): the
    /// lifecycle trains the first model only then, not on the first seconds of a backlog.
    public func hasCaughtUp(within slack: Int64 = 1 << 20) async -> Bool {
        guard let lag = await Self.lag(store: store, path: path) else { return false }
        return lag <= slack
    }
}

/// Whether a warning was given already.
private final class WarnedOnce: Sendable {
    private let given = Atomic<Bool>(false)

    /// `true` the first time only.
    func first() -> Bool { !given.exchange(true, ordering: .relaxed) }
}
