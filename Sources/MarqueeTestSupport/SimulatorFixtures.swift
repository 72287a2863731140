import MarqueeCore
import MarqueeSimulator

/// Small simulated logs for tests of any target: deterministic, fast, with or without faults.
public enum SimulatorFixtures {
    /// A small world: 300 users × 120 movies × 2 days, busy enough for a few thousand lines; the new
    /// accounts are all created within the simulated days.
    public static func configuration(
        seed: UInt64 = 1, users: Int = 300, movies: Int = 120, days: Int = 2, faultRate: Double = 0,
        ratingScale: RatingScale = .fiveStars, newAccountShare: Double = 0.1
    ) -> SimulatorConfiguration {
        SimulatorConfiguration(
            users: users, movies: movies, days: days, seed: seed, dailyActivity: 0.4, newAccountShare: newAccountShare,
            accountGrowthDays: max(1, days), faultRate: faultRate, ratingScale: ratingScale)
    }

    /// Runs a simulation into memory and returns its lines (without terminators) and summary.
    public static func log(
        _ configuration: SimulatorConfiguration = configuration(),
        provider: some RecommendationProvider = NoRecommendations()
    ) async throws -> (lines: [[UInt8]], summary: SimulationSummary) {
        let simulator = try Simulator(configuration: configuration)
        var sink = InMemoryEventLogSink()
        let summary = try await simulator.run(writingTo: &sink, provider: provider)
        return (sink.lines, summary)
    }

    /// Parses a raw line strictly, keeping invalid UTF-8 invalid.
    public static func parse(_ line: [UInt8], scale: RatingScale = .fiveStars) -> Result<Event, LineRejection> {
        let codec = LogLineCodec(configuration: .init(ratingScale: scale))
        return line.withUnsafeBufferPointer { bytes in
            Result { () throws(LineRejection) -> Event in try codec.parse(utf8: bytes) }
        }
    }

    /// The events of the lines that parse, in log order.
    public static func events(_ lines: [[UInt8]], scale: RatingScale = .fiveStars) -> [Event] {
        lines.compactMap { try? parse($0, scale: scale).get() }
    }
}
