import Foundation
import Hummingbird
import MarqueeModels

/// `/admin/`: list versions, deploy an artifact, roll back. Every change is atomic: a model that fails to load is
/// refused with 422 and the serving model keeps serving.
struct AdminController<Context: RequestContext> {
    let service: RecommendationService
    let configuration: AdminConfiguration

    func addRoutes(to router: Router<Context>) {
        let group = router.group("/admin").add(middleware: AdminAuthenticationMiddleware(token: configuration.token))
        group.get("/versions", use: versions)
        group.post("/deploy", use: deploy)
        group.post("/rollback", use: rollback)
    }

    @Sendable func versions(_ request: Request, context: Context) async throws -> Response {
        var available: [String] = []
        if let directory = configuration.modelDirectory {
            available = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        }
        return try .json(VersionsBody(serving: service.model.version, history: service.history.map(\.version), available: available))
    }

    @Sendable func deploy(_ request: Request, context: Context) async throws -> Response {
        let body = try await request.body.collect(upTo: 4096)
        guard let wanted = try? JSONDecoder().decode(DeployBody.self, from: Data(body.readableBytesView)) else {
            return .plainText(#"expected a JSON body {"artifact": "<file name in the model directory>"}"#, status: .badRequest)
        }
        guard let directory = configuration.modelDirectory else {
            return .plainText("no model directory configured: start the server with --models-dir", status: .conflict)
        }
        guard Self.isPlainFileName(wanted.artifact) else {
            return .plainText("artifact must be a file name inside the model directory, without '/' or '..'", status: .badRequest)
        }
        let path = directory + "/" + wanted.artifact
        let recommender: any Recommender
        do throws(ModelError) {
            recommender = try ModelArtifact.read(from: path)
        } catch {
            return .plainText("refused \(wanted.artifact): \(error.message); still serving \(service.model.version)", status: .unprocessableContent)
        }
        let current = service.model
        let model = ServingModel(recommender: recommender, watched: current.watched, version: Self.version(of: wanted.artifact))
        service.deploy(model)
        return .plainText("serving \(model.version) (was \(current.version))")
    }

    @Sendable func rollback(_ request: Request, context: Context) async throws -> Response {
        guard let restored = service.rollback() else {
            return .plainText("nothing to roll back to: \(service.model.version) is the first model served", status: .conflict)
        }
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

struct DeployBody: Decodable {
    var artifact: String
}

struct VersionsBody: Encodable {
    var serving: String
    var history: [String]
    var available: [String]
}

extension Response {
    /// A JSON response of `value`.
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}
