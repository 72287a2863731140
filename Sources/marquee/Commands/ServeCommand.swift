import ArgumentParser
import Hummingbird
import Logging
import MarqueeLifecycle
import MarqueeModels
import MarqueeServer

/// `marquee serve`: trains the popularity model on a store and answers `/recommend/<user>`.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serve recommendations over HTTP.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var loggingOptions: LoggingOptions

    @Option(name: .long, help: "Interface to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "Port to listen on (SPEC: 8082).")
    var port = 8082

    func validate() throws {
        try storeOptions.requireExistingStore()
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0...65535, got \(port)") }
    }

    func run() async throws {
        let logger = loggingOptions.makeLogger("marquee.serve")
        let store = try storeOptions.open()
        let model = try await ServingModel.popularity(trainedOn: store)
        let service = RecommendationService(model: model)
        let app = buildApplication(service: service, configuration: .init(host: host, port: port), logger: logger) { port in
            logger.notice("Serving recommendations", metadata: ["server.port": "\(port)", "model.version": "\(model.version)"])
        }
        try await runUntilTerminated([app], logger: logger)
    }
}
