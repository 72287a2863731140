import Logging
import MarqueeLifecycle
import MarqueeModels
import MarqueeStore
import ServiceLifecycle

/// Keeps a server in step with the registry, so that `marquee pipeline`, `marquee experiment` and the other servers'
/// decisions reach it: every `interval` it deploys the registered production version when another one serves, and
/// starts or stops the running experiment. A version that fails to load (missing, altered, corrupt) is logged and
/// skipped; what serves keeps serving.
public struct RegistryWatcher: Service {
    let store: any EventStore & RegistryStore & ExperimentStore
    let service: RecommendationService
    let interval: Duration
    let logger: Logger

    /// Creates a watcher.
    public init(store: any EventStore & RegistryStore & ExperimentStore, service: RecommendationService, interval: Duration, logger: Logger) {
        self.store = store
        self.service = service
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await repeatUntilShutdown(every: interval) { await synchronise() }
    }

    /// Applies the registry's production version and running experiment once.
    public func synchronise() async {
        do {
            if let production = try await store.productionVersion(), production.version != service.model.version {
                let model = try await ServingModel.load(production, from: store)
                service.deploy(model)
                logger.notice("Deployed the registry's production version", metadata: ["model.version": "\(production.version)"])
            }
            let running = try await store.runningExperiment()
            let serving = service.current.experiment
            if let running, running.name != serving?.name {
                service.startExperiment(try await LifecycleController.servingExperiment(running, from: store))
                logger.notice("Started experiment", metadata: ["experiment": "\(running.name)"])
            } else if running == nil, let serving {
                service.stopExperiment()
                logger.notice("Stopped experiment", metadata: ["experiment": "\(serving.name)"])
            }
        } catch {
            logger.error("Registry synchronisation failed; serving continues unchanged", metadata: ["error": "\(error)"])
        }
    }
}
