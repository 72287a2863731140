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
    /// What users answer at sign-up about the movies they like and dislike.
    public let selfDescriptions: SelfDescriptions

    /// Builds the world of a simulation: catalogue, users and their hidden taste.
    /// - Throws: ``MarqueeError`` with code `invalid_argument` when a setting cannot work.
    public init(configuration: SimulatorConfiguration = .init()) throws(MarqueeError) {
        try configuration.validate()
        self.configuration = configuration
        catalogue = Catalogue(seed: configuration.seed, userCount: configuration.users, movieCount: configuration.movies)
        taste = TasteModel(
            seed: configuration.seed, movies: catalogue.movies, users: catalogue.users, dimension: configuration.tasteDimension)
        selfDescriptions = SelfDescriptions(
            seed: configuration.seed, share: configuration.selfDescriptionShare, taste: taste, movies: catalogue.movies)
    }

    /// The user and movie API of the simulated service.
    public var api: CatalogueAPI {
        CatalogueAPI(
            catalogue: catalogue, selfDescriptions: selfDescriptions, selfDescriptionFields: configuration.selfDescriptionFields)
    }

    /// The record of `id` as the user API serves it, with the user's self-description if they gave one.
    public func user(_ id: UserID) -> User? { catalogue.users.user(id).map(selfDescriptions.describing) }

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

    /// Simulates in (accelerated) real time: simulated time runs `speedup` times faster than `clock`,
    /// and the sink is flushed whenever the simulation waits, so a live consumer sees lines as they happen.
    ///
    /// - Parameters:
    ///   - speedup: simulated seconds per second of `clock`, e.g. 60 for an hour of service per minute.
    ///   - clock: the clock to pace against, `ContinuousClock()` outside tests.
    /// - Throws: whatever the sink throws, or `CancellationError` when the task is cancelled while waiting.
    public func run<Sink: EventLogSink, C: Clock>(
        writingTo sink: inout Sink, provider: some RecommendationProvider = NoRecommendations(), speedup: Double, clock: C
    ) async throws -> SimulationSummary where C.Duration == Duration {
        let run = SimulationRun(simulator: self, provider: provider, sink: sink)
        defer { sink = run.sink }
        let origin = clock.now
        let simulatedOrigin = configuration.start.microseconds
        let speedup = max(speedup, 1e-6)
        run.pacing = SimulationRun.Pacing(
            step: Int64(min(3.6e9, speedup * 5_000)),
            ahead: { time in
                let due = origin.advanced(by: .microseconds(Int64(Double(time - simulatedOrigin) / speedup)))
                return clock.now.duration(to: due)
            },
            sleep: { duration in try await clock.sleep(for: duration) })
        return try await run.run()
    }
}
