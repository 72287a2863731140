import Foundation
import Hummingbird
import MarqueeCore
import MarqueeStore

/// The canary routes of a server that follows a registry: each change is recorded in the registry first, then applied
/// here through the server's ``DeploymentApplier``, and every other replica's applier applies it at its next poll. A change the registry refuses
/// changes nothing. (Deploy and rollback: `AdminController+RegistryProduction.swift`; experiments:
/// `AdminController+RegistryExperiment.swift`.)
extension AdminController {
    /// `POST /admin/canary` `{"artifact": "<version>.mqm", "share": 0.05}`: the registered version named by the
    /// artifact becomes the canary, loaded from the registry's artifact (checksum checked) as every replica loads it.
    func startRegisteredCanary(_ wanted: DeployBody, registry: any FollowedRegistry) async throws(Refusal) -> Response {
        let share = try Self.canaryShare(of: wanted)
        let loaded = try await registeredModel(wanted.artifact, registry: registry)
        let (version, model) = (loaded.record.version, loaded.model)
        try await recording { () async throws(StoreError) in
            try await registry.startCanary(
                version, share: share, at: .now,
                reason: "serving \(Self.percent(share)) of users (started through the admin API)")
        }
        await applier.synchronise(using: [model])
        return .plainText("canary \(version) serves \(Self.percent(share)) of users, on every replica following the registry")
    }

    /// `POST /admin/canary/share`: records the registry's canary's new share, then applies it.
    func setRegisteredCanaryShare(_ share: Double, registry: any FollowedRegistry) async throws(Refusal) -> Response {
        guard let canary = service.current.canary else { throw Refusal("there is no canary", .conflict) }
        try await recording { () async throws(StoreError) in
            try await registry.changeCanaryShare(
                of: canary.version, to: share, at: .now, reason: "share changed to \(Self.percent(share)) through the admin API")
        }
        await applier.synchronise()
        return .plainText("canary serves \(Self.percent(share)) of users, on every replica following the registry")
    }

    /// `POST /admin/canary/promote`: records the canary as production (the version before as retired), then promotes it.
    func promoteRegisteredCanary(registry: any FollowedRegistry) async throws(Refusal) -> Response {
        guard let canary = service.current.canary else { throw Refusal("there is no canary", .conflict) }
        let registered = try await reading { () async throws(StoreError) in try await registry.canaryVersion()?.version }
        guard registered == canary.version else {
            throw Refusal(
                "this replica's canary \(canary.version) is not the registry's (\(registered ?? "none")); nothing changed: retry after the next poll",
                .conflict)
        }
        try await recording { () async throws(StoreError) in
            try await registry.promoteCanary(canary.version, at: .now, reason: "promoted through the admin API")
        }
        await applier.synchronise()
        return .plainText("serving \(canary.version) to everyone, on every replica following the registry")
    }

    /// `POST /admin/canary/stop`: records the registry's canary as rolled back (rejected), then stops it here.
    func stopRegisteredCanary(registry: any FollowedRegistry) async throws(Refusal) -> Response {
        let ended = try await reading { () async throws(StoreError) in try await registry.canaryVersion()?.version }
        if let ended {
            try await recording { () async throws(StoreError) in
                try await registry.endCanary(ended, at: .now, reason: "rolled back: stopped through the admin API")
            }
        }
        await applier.synchronise()
        return .plainText("no canary; serving \(service.model.version) to everyone, on every replica following the registry")
    }

    /// The registered version an artifact file name (`<version>.mqm`) names, loaded from the registry's artifact with
    /// its checksum checked, as every replica loads it; a refusal when it is not registered or does not load.
    func registeredModel(_ artifact: String, registry: any FollowedRegistry) async throws(Refusal) -> (
        record: ModelVersionRecord, model: ServingModel
    ) {
        let version = Self.version(of: artifact)
        let found: ModelVersionRecord?
        do {
            found = try await registry.version(version)
        } catch {
            throw Refusal("refused \(version): \(error); still serving \(service.model.version)", .unprocessableContent)
        }
        guard let record = found else {
            throw Refusal(
                "\(version) is not registered in the registry the replicas follow, so they could not serve it: register it first "
                    + "(`marquee pipeline run`, `marquee registry derive`); still serving \(service.model.version)", .conflict)
        }
        do {
            return (record, try await ServingModel.load(record, from: registry))
        } catch {
            throw Refusal("refused \(version): \(error); still serving \(service.model.version)", .unprocessableContent)
        }
    }

    /// Runs a registry write; refused, saying why, when it fails (nothing changed then).
    func recording(_ write: () async throws(StoreError) -> Void) async throws(Refusal) {
        do {
            try await write()
        } catch {
            let status: HTTPResponse.Status = error.code == .notFound ? .conflict : .serviceUnavailable
            throw Refusal("the registry refused the change, nothing changed: \(error.message)", status)
        }
    }

    /// Runs a registry read; refused with 503 when the registry cannot be read (nothing changed then).
    func reading<Value>(_ read: () async throws(StoreError) -> Value) async throws(Refusal) -> Value {
        do {
            return try await read()
        } catch {
            throw Refusal("the registry could not be read, nothing changed: \(error)", .serviceUnavailable)
        }
    }

    /// `share` as a percentage, e.g. `5 %`.
    static func percent(_ share: Double) -> String { String(format: "%g %%", share * 100) }
}
