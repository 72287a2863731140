import Hummingbird
import MarqueeCore
import MarqueeStore

/// Deploy and rollback on a server that follows a registry: the change is recorded in the registry first (as
/// `marquee registry promote` records it), then applied here through the server's ``DeploymentApplier``, and every
/// other replica's applier applies it at its next poll. A model that does not load, or a change the registry refuses, changes nothing.
extension AdminController {
    /// `POST /admin/deploy` `{"artifact": "<version>.mqm"}`: the registered version named by the artifact becomes
    /// production, loaded from the registry's artifact (checksum checked); the version before is recorded as retired.
    /// A rejected version is refused, as `marquee registry promote` refuses it.
    func deployRegistered(_ wanted: DeployBody, registry: any FollowedRegistry) async throws(Refusal) -> Response {
        let (record, model) = try await registeredModel(wanted.artifact, registry: registry)
        let serving = service.model.version
        guard record.stage != .rejected else {
            throw Refusal(
                "\(record.version) was rejected (\(record.stages.last?.reason ?? "no reason recorded")): derive or train a new version; "
                    + "still serving \(serving)", .conflict)
        }
        if record.stage != .production {
            try await recording { () async throws(StoreError) in
                try await registry.promote(record.version, at: .now, reason: "deployed through the admin API")
            }
        }
        // The applier promotes the canary when it is this version, and loads nothing already loaded here.
        await applier.synchronise(using: [model])
        return .plainText("serving \(record.version) (was \(serving)), on every replica following the registry")
    }

    /// `POST /admin/rollback`: records the registry's production version as rejected and the version production before
    /// it (the one retired last) as production again, then serves that one.
    func rollBackRegistered(registry: any FollowedRegistry) async throws(Refusal) -> Response {
        let (production, before) = try await reading { () async throws(StoreError) in
            (try await registry.productionVersion(), try await registry.previousProductionVersion())
        }
        guard let current = production else { throw Refusal("the registry has no production version to roll back", .conflict) }
        guard let previous = before else {
            throw Refusal("nothing to roll back to: \(current.version) is the first production version in the registry", .conflict)
        }
        // The version restored usually served here before; otherwise it is loaded before anything is recorded.
        let servedBefore = service.history.last?.version == previous.version
        var restored: ServingModel?
        if !servedBefore {
            do {
                restored = try await ServingModel.load(previous, from: registry)
            } catch {
                throw Refusal("refused to roll back to \(previous.version): \(error); still serving \(service.model.version)", .unprocessableContent)
            }
        }
        try await recording { () async throws(StoreError) in
            try await registry.rollBack(
                current.version, to: previous.version, at: .now, reason: "rolled back through the admin API")
        }
        // The applier restores the version served before from the history, or serves the one loaded here.
        await applier.synchronise(using: restored.map { [$0] } ?? [])
        return .plainText("serving \(previous.version) again (\(current.version) rolled back), on every replica following the registry")
    }
}
