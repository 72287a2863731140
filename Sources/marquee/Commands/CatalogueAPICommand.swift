import ArgumentParser
import Hummingbird
import Logging
import MarqueeLab
import MarqueeServer
import MarqueeSimulator

/// `marquee catalogue-api`: serves the simulated service's user and movie API (SPEC.md §2).
struct CatalogueAPICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalogue-api", abstract: "Serve the simulated streaming service's user/movie API.")

    @OptionGroup var population: PopulationOptions
    @OptionGroup var selfDescriptions: SelfDescriptionOptions
    @OptionGroup var loggingOptions: LoggingOptions

    @OptionGroup var listen: ListenOptions

    func validate() throws {
        try population.validate()
        try selfDescriptions.validate()
    }

    func run() async throws {
        let logger = loggingOptions.makeLogger("marquee.catalogue-api")
        let simulator = try Simulator(configuration: selfDescriptions.applied(to: try population.configuration(days: 0)))
        let app = Application(
            router: buildCatalogueAPIRouter(api: simulator.api),
            configuration: .init(address: .hostname(listen.host, port: listen.port(default: 8080)), serverName: "marquee-catalogue"),
            onServerRunning: { channel in
                logger.notice("Serving the user/movie API", metadata: ["server.port": "\(channel.localAddress?.port ?? 0)"])
            },
            logger: logger
        )
        try await runUntilTerminated([app], logger: logger)
    }
}
