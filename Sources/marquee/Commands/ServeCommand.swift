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

    @OptionGroup var listen: ListenOptions

    func validate() throws {
        try storeOptions.requireExistingStore()
    }

    func run() async throws {
        let logger = loggingOptions.makeLogger("marquee.serve")
        let store = try storeOptions.open()
        let model = try await ServingModel.popularity(trainedOn: store)
        let service = RecommendationService(model: model)
        let metrics = ServerMetrics()
        let telemetry = TelemetryBuffer()
        let flusher = TelemetryFlusher(buffer: telemetry, store: store, metrics: metrics, logger: logger)
        let app = buildApplication(
            service: service, configuration: .init(host: listen.host, port: listen.port(default: 8082)), metrics: metrics,
            telemetry: telemetry, logger: logger
        ) { port in
            logger.notice("Serving recommendations", metadata: ["server.port": "\(port)", "model.version": "\(model.version)"])
        }
        // The flusher comes first so that it stops last, after the server finished its requests.
        try await runUntilTerminated([flusher, app], logger: logger)
    }
}
