import Logging
import MarqueeServer

extension DeploymentApplier {
    /// An applier of the registry in `store` to `service`, logging nothing: a test's replica that decides and serves.
    static func following(_ store: any FollowedRegistry, _ service: RecommendationService) -> DeploymentApplier {
        DeploymentApplier(recorded: .registry(store), service: service, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
    }
}
