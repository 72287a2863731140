import MarqueeCore

/// The stand-in for the streaming service: users who come, ask for recommendations, browse, watch and rate,
/// on a simulated clock, writing the service's event log (SPEC.md §1).
///
/// ```swift
/// let simulator = try Simulator(configuration: .init(users: 2_000, movies: 500, days: 3, seed: 7))
/// var sink = try BufferedFileSink(path: "movielog.csv")
/// let summary = try await simulator.run(writingTo: &sink, provider: NoRecommendations())
/// try sink.close()
/// ```
/// Equal configurations and a deterministic provider give byte-identical logs.
public struct Simulator: Sendable {
    /// The settings.
    public let configuration: SimulatorConfiguration
    /// Users and movies.
    public let catalogue: Catalogue
    /// The hidden ground truth of what users like.
    public let taste: TasteModel

    /// Builds the world of a simulation: catalogue, users and their hidden taste.
    /// - Throws: ``MarqueeError`` with code `invalid_argument` when a setting cannot work.
    public init(configuration: SimulatorConfiguration = .init()) throws(MarqueeError) {
        try configuration.validate()
        self.configuration = configuration
        catalogue = Catalogue(seed: configuration.seed, userCount: configuration.users, movieCount: configuration.movies)
        taste = TasteModel(
            seed: configuration.seed, movies: catalogue.movies, users: catalogue.users, dimension: configuration.tasteDimension)
    }

    /// The user and movie API of the simulated service.
    public var api: CatalogueAPI { CatalogueAPI(catalogue: catalogue) }

    /// Simulates the configured days, writing every line to `sink` and flushing it at the end.
    ///
    /// - Parameters:
    ///   - sink: where lines go; flushed, not closed.
    ///   - provider: who the service asks for recommendations at the start of each session.
    /// - Returns: what was simulated.
    /// - Throws: whatever the sink throws; the run stops there.
    public func run<Sink: EventLogSink>(
        writingTo sink: inout Sink, provider: some RecommendationProvider = NoRecommendations()
    ) async throws -> SimulationSummary {
        let run = SimulationRun(simulator: self, provider: provider, sink: sink)
        defer { sink = run.sink }
        return try await run.run()
    }
}
