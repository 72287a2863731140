import ArgumentParser
import Hummingbird
import MarqueeServer
import MarqueeSimulator
import Logging

/// `marquee catalogue-api`: serves the simulated service's user and movie API (SPEC.md §2).
struct CatalogueAPICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalogue-api", abstract: "Serve the simulated streaming service's user/movie API.")

    @OptionGroup var population: PopulationOptions
    @OptionGroup var loggingOptions: LoggingOptions

    @Option(name: .long, help: "Interface to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "Port to listen on (SPEC: 8080).")
    var port = 8080

    func validate() throws {
        try population.validate()
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0...65535, got \(port)") }
    }

    func run() async throws {
        let logger = loggingOptions.makeLogger("marquee.catalogue-api")
        let simulator = try Simulator(configuration: population.configuration(days: 0))
        let app = Application(
            router: buildCatalogueAPIRouter(api: simulator.api),
            configuration: .init(address: .hostname(host, port: port), serverName: "marquee-catalogue"),
            onServerRunning: { channel in
                logger.notice("Serving the user/movie API", metadata: ["server.port": "\(channel.localAddress?.port ?? port)"])
            },
            logger: logger
        )
        try await runUntilTerminated([app], logger: logger)
    }
}
