import ArgumentParser
import Foundation
import MarqueeCore
import MarqueeLifecycle
import MarqueeStore

/// `marquee provenance`: where a past recommendation came from.
struct ProvenanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "provenance",
        abstract: "Explain a past recommendation: items, model version, route, code version and training data snapshot.")

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .long, help: "The user id.")
    var user: Int64

    @Option(
        name: .long, help: ArgumentHelp("The latest answer at or before this wall-clock time (ISO 8601); default: the latest.", valueName: "time"))
    var at: String?

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func validate() throws {
        try storeOptions.requireExistingStore()
        guard UserID(user) != nil else { throw CommandFailure("--user \(user) is not a valid user id (0 ... \(UserID.highest.rawValue))") }
        if let at, WallTime(iso8601: at) == nil { throw CommandFailure("--at '\(at)' is not an ISO 8601 time such as 2026-11-22T10:00:00Z") }
    }

    func run() async throws {
        guard let id = UserID(user) else { return }
        let limit = at.flatMap(WallTime.init(iso8601:))
        guard let provenance = try await Provenance.of(user: id, at: limit, in: storeOptions.open()) else {
            throw CommandFailure("no recommendation to user \(user) is recorded\(at.map { " at or before \($0)" } ?? "") in \(storeOptions.name)")
        }
        let output = ProvenanceJSON(provenance)
        if json {
            print(try JSONText.encode(output))
        } else {
            print(output.text)
        }
    }
}

/// `marquee provenance --json`.
struct ProvenanceJSON: Encodable {
    var user: Int64
    var time: String
    var items: [String]
    var route: String
    var modelVersion: String
    var codeVersion: String?
    var codeDirty: Bool?
    var fallback: Bool
    var snapshot: SnapshotJSON?
    var snapshotDefinition: String?
    var model: VersionJSON?

    init(_ provenance: Provenance) {
        user = provenance.answer.user.rawValue
        time = provenance.answer.wallTime.iso8601
        items = provenance.answer.movies.map(\.slug)
        route = provenance.answer.route.text
        modelVersion = provenance.answer.modelVersion
        codeVersion = provenance.version?.codeVersion
        codeDirty = provenance.version?.codeDirty
        fallback = provenance.answer.usedFallback
        snapshot = provenance.snapshot.map(SnapshotJSON.init)
        snapshotDefinition = provenance.snapshotDefinition
        model = provenance.version.map(VersionJSON.init)
    }

    var text: String {
        var lines = [
            "user \(user) at \(time) (\(route)): \(items.joined(separator: ", "))",
            "model \(modelVersion)\(fallback ? " (deadline fallback list)" : "")",
        ]
        if let model {
            let search = model.hyperparameters[TrainingPipeline.searchSummaryKey]
            let parameters = model.hyperparameters.filter { $0.key != TrainingPipeline.searchSummaryKey }.sorted { $0.key < $1.key }
            lines.append("  \(model.kind) \(parameters.map { "\($0.key)=\($0.value)" }.joined(separator: " "))")
            if let search { lines.append("  tuned by \(search)") }
            lines.append("  code \(model.codeVersion)\(model.codeDirty ? " (dirty)" : ""), Marquee \(model.marqueeVersion), trigger \(model.trigger)")
            lines.append("  artifact \(model.artifact) sha256 \(model.artifactSHA256)")
        } else {
            lines.append("  not in the registry (served from a file?)")
        }
        if let snapshot, let snapshotDefinition {
            lines.append("snapshot \(snapshot.id): \(snapshot.rows) interactions, \(snapshot.from ?? "-") to \(snapshot.to)")
            lines.append("  \(snapshotDefinition)")
        }
        return lines.joined(separator: "\n")
    }
}
