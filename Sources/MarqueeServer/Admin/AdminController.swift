import Foundation
import Hummingbird
import MarqueeCore
import MarqueeModels
import MarqueeStore

/// `/admin/`: list versions, deploy an artifact, roll back, run a canary (start, share, promote, stop) and an A/B
/// experiment (start, stop). Every change is atomic: a model that fails to load is refused with 422 and the serving
/// model keeps serving.
///
/// Every change is a decision recorded where the server's ``DeploymentApplier`` reads them, then applied through that
/// applier before the answer, which reports the state applied. With a registry (a server following one), it is
/// recorded there (see `AdminController+Registry*.swift`), so that every replica following the registry serves the same
/// models to the same users; the artifacts must then name registered versions (`<version>.mqm`), loaded from the
/// registry's artifacts with their checksums checked. Without one, it is recorded in the server's ``LocalDeployment``.
struct AdminController<Context: RequestContext> {
    /// Applies the recorded decisions to the service.
    let applier: DeploymentApplier
    let configuration: AdminConfiguration

    /// The service served, read here and changed only through ``applier``.
    var service: RecommendationService { applier.service }

    func addRoutes(to router: Router<Context>) {
        let group = router.group("/admin").add(middleware: AdminAuthenticationMiddleware(token: configuration.token))
        group.get("/versions", use: versions)
        group.post("/deploy", use: deploy)
        group.post("/rollback", use: rollback)
        group.post("/canary", use: startCanary)
        group.post("/canary/share", use: setCanaryShare)
        group.post("/canary/promote", use: promoteCanary)
        group.post("/canary/stop", use: stopCanary)
        group.post("/experiment", use: startExperiment)
        group.post("/experiment/stop", use: stopExperiment)
    }

    @Sendable func versions(_ request: Request, context: Context) async throws -> Response {
        var available: [String] = []
        if let directory = configuration.modelDirectory {
            available = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        }
        let deployment = service.current
        return try .json(
            VersionsBody(
                serving: deployment.production.version, canary: deployment.canary?.version, canaryShare: deployment.canaryShare,
                history: deployment.history.map(\.version), available: available,
                experiment: deployment.experiment.map {
                    ExperimentBody(name: $0.name, control: $0.control.version, treatment: $0.treatment.version, share: $0.treatmentShare)
                }))
    }

    @Sendable func deploy(_ request: Request, context: Context) async throws -> Response {
        let wanted = try await body(of: request, context: context)
        let local: LocalDeployment
        switch applier.recorded {
        case .registry(let registry): return try await deployRegistered(wanted, registry: registry)
        case .local(let recorded): local = recorded
        }
        let current = service.model
        let model = try await load(artifact: wanted.artifact)
        local.deploy(model)
        await applier.synchronise()
        return .plainText("serving \(model.version) (was \(current.version))")
    }

    @Sendable func startCanary(_ request: Request, context: Context) async throws -> Response {
        let wanted = try await body(of: request, context: context)
        let local: LocalDeployment
        switch applier.recorded {
        case .registry(let registry): return try await startRegisteredCanary(wanted, registry: registry)
        case .local(let recorded): local = recorded
        }
        let model = try await load(artifact: wanted.artifact)
        let share = try Self.canaryShare(of: wanted)
        local.setCanary(model, share: share)
        await applier.synchronise()
        return .plainText("canary \(model.version) serves \(share * 100) % of users")
    }

    @Sendable func setCanaryShare(_ request: Request, context: Context) async throws -> Response {
        let expected = #"expected a JSON body {"share": <0...1>}"#
        let share = try await decoded(ShareBody.self, from: request, context: context, expected: expected).share
        guard (0...1).contains(share) else { throw Refusal(expected, .badRequest) }
        let local: LocalDeployment
        switch applier.recorded {
        case .registry(let registry): return try await setRegisteredCanaryShare(share, registry: registry)
        case .local(let recorded): local = recorded
        }
        guard service.current.canary != nil, local.setCanaryShare(share) else { throw Refusal("there is no canary", .conflict) }
        await applier.synchronise()
        return .plainText("canary serves \(share * 100) % of users")
    }

    @Sendable func promoteCanary(_ request: Request, context: Context) async throws -> Response {
        let local: LocalDeployment
        switch applier.recorded {
        case .registry(let registry): return try await promoteRegisteredCanary(registry: registry)
        case .local(let recorded): local = recorded
        }
        guard let promoted = service.current.canary else { throw Refusal("there is no canary", .conflict) }
        local.promote(promoted)
        await applier.synchronise()
        return .plainText("serving \(promoted.version) to everyone")
    }

    @Sendable func stopCanary(_ request: Request, context: Context) async throws -> Response {
        let local: LocalDeployment
        switch applier.recorded {
        case .registry(let registry): return try await stopRegisteredCanary(registry: registry)
        case .local(let recorded): local = recorded
        }
        local.setCanary(nil, share: 0)
        await applier.synchronise()
        return .plainText("no canary; serving \(service.model.version) to everyone")
    }

    @Sendable func startExperiment(_ request: Request, context: Context) async throws -> Response {
        let wanted = try await decoded(
            ExperimentRequest.self, from: request, context: context,
            expected:
                #"expected a JSON body {"name": "<name>", "treatment": "<artifact>", "control": "<artifact, default: production>", "share": <0...1>, "planned": <answers per arm, optional>}"#
        )
        guard Self.isExperimentName(wanted.name) else {
            throw Refusal("an experiment name is 1 to 64 letters, digits, '-' or '_'", .badRequest)
        }
        guard (0...1).contains(wanted.share) else { throw Refusal(#""share" must be between 0 and 1"#, .badRequest) }
        let local: LocalDeployment
        switch applier.recorded {
        case .registry(let registry): return try await startRegisteredExperiment(wanted, registry: registry)
        case .local(let recorded): local = recorded
        }
        let treatment = try await load(artifact: wanted.treatment)
        var control = service.model
        if let artifact = wanted.control { control = try await load(artifact: artifact) }
        let replaced = service.current.experiment
        local.startExperiment(
            RecommendationService.Experiment(name: wanted.name, control: control, treatment: treatment, treatmentShare: wanted.share))
        await applier.synchronise()
        let note = replaced.map { " (replaces experiment \($0.name))" } ?? ""
        return .plainText(
            "experiment \(wanted.name): \(treatment.version) for \(wanted.share * 100) % of users, \(control.version) for the rest\(note)")
    }

    @Sendable func stopExperiment(_ request: Request, context: Context) async throws -> Response {
        let local: LocalDeployment
        switch applier.recorded {
        case .registry(let registry): return try await stopRegisteredExperiment(registry: registry)
        case .local(let recorded): local = recorded
        }
        guard let stopped = service.current.experiment else { throw Refusal("there is no experiment", .conflict) }
        local.stopExperiment()
        await applier.synchronise()
        return .plainText("experiment \(stopped.name) stopped; serving \(service.model.version) to its users")
    }

    /// The artifact (and share) a request names.
    func body(of request: Request, context: Context) async throws(Refusal) -> DeployBody {
        try await decoded(
            DeployBody.self, from: request, context: context, expected: #"expected a JSON body {"artifact": "<file name in the model directory>"}"#)
    }

    /// The request's JSON body, decoded by the context's decoder (Hummingbird's `request.decode(as:context:)`); a
    /// refusal saying what was `expected` when it is missing, too large or of another shape.
    func decoded<Body: Decodable>(_ type: Body.Type, from request: Request, context: Context, expected: String) async throws(Refusal) -> Body {
        do {
            return try await request.decode(as: type, context: context)
        } catch {
            throw Refusal(expected, .badRequest)
        }
    }

    /// A canary's share, between 0 and 1.
    static func canaryShare(of body: DeployBody) throws(Refusal) -> Double {
        guard let share = body.share, (0...1).contains(share) else { throw Refusal(#"a canary needs "share" between 0 and 1"#, .badRequest) }
        return share
    }

    /// Loads `artifact` from the model directory, off the request path of `/recommend`; a missing, foreign or corrupt
    /// file is refused.
    private func load(artifact: String) async throws(Refusal) -> ServingModel {
        guard let directory = configuration.modelDirectory else {
            throw Refusal("no model directory configured: start the server with --models-dir", .conflict)
        }
        guard Self.isPlainFileName(artifact) else {
            throw Refusal("artifact must be a file name inside the model directory, without '/' or '..'", .badRequest)
        }
        let recommender: any Recommender
        do throws(ModelError) {
            let path = directory + "/" + artifact
            recommender = try await runBlocking { () throws(ModelError) in try ModelArtifact.read(from: path) }
        } catch {
            throw Refusal("refused \(artifact): \(error.message); still serving \(service.model.version)", .unprocessableContent)
        }
        return ServingModel(recommender: recommender, watched: service.model.watched, version: Self.version(of: artifact))
    }

    static func isExperimentName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count)
            && name.utf8.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
            }
    }

    @Sendable func rollback(_ request: Request, context: Context) async throws -> Response {
        let local: LocalDeployment
        switch applier.recorded {
        case .registry(let registry): return try await rollBackRegistered(registry: registry)
        case .local(let recorded): local = recorded
        }
        guard let restored = service.history.last else {
            throw Refusal("nothing to roll back to: \(service.model.version) is the first model served", .conflict)
        }
        local.restore(restored)
        await applier.synchronise()
        return .plainText("serving \(restored.version) again")
    }

    static func isPlainFileName(_ name: String) -> Bool {
        !name.isEmpty && !name.contains("/") && name != "." && name != ".." && !name.hasPrefix(".") && name.utf8.count <= 255
    }

    /// The version reported for an artifact file: its name without the extension.
    static func version(of fileName: String) -> String {
        guard let dot = fileName.lastIndex(of: "."), dot != fileName.startIndex else { return fileName }
        return String(fileName[..<dot])
    }
}

/// Why an admin request changed nothing: thrown by a route, answered by Hummingbird as its status with the message as
/// a one-line plain-text body.
struct Refusal: HTTPResponseError {
    let message: String
    let status: HTTPResponse.Status

    init(_ message: String, _ status: HTTPResponse.Status) {
        self.message = message
        self.status = status
    }

    func response(from request: Request, context: some RequestContext) -> Response { .plainText(message, status: status) }
}

struct DeployBody: Decodable {
    var artifact: String
    var share: Double?
}

struct ExperimentRequest: Decodable {
    var name: String
    var treatment: String
    var control: String?
    var share: Double
    /// Answers per arm before a conclusion, recorded with an experiment registered by a server following a registry.
    var planned: Int?
}

struct ExperimentBody: Encodable {
    var name: String
    var control: String
    var treatment: String
    var share: Double
}

struct ShareBody: Decodable {
    var share: Double
}

struct VersionsBody: Encodable {
    var serving: String
    var canary: String?
    var canaryShare: Double
    var history: [String]
    var available: [String]
    var experiment: ExperimentBody?
}

extension Response {
    /// A JSON response of `value`, with snake_case keys.
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: try JSONEncoder.marquee().encode(value))))
    }
}
