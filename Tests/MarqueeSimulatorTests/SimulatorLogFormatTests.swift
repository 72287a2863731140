import MarqueeCore
import MarqueeSimulator
import MarqueeTestSupport
import Testing

@Suite(.dedicatedThreads)
struct SimulatorLogFormatTests {
    @Test func everyLineParsesWithoutFaults() async throws {
        // Given a simulation without faults
        let (lines, summary) = try await SimulatorFixtures.log(SimulatorFixtures.configuration(seed: 11))

        // When every line is parsed strictly
        let failures = lines.filter { (try? SimulatorFixtures.parse($0).get()) == nil }

        // Then all parse, and the summary counts them
        #expect(failures.isEmpty, "\(failures.prefix(3).map { String(decoding: $0, as: UTF8.self) })")
        #expect(summary.lines == lines.count)
        #expect(summary.lines == summary.watchLines + summary.rateLines + summary.recommendationLines + summary.accountLines)
        #expect(summary.watchLines > 0 && summary.rateLines > 0 && summary.accountLines > 0)
    }

    @Test func linesAreInEventTimeOrderWithoutFaults() async throws {
        // Given a simulation with recommendations and without faults
        let configuration = SimulatorFixtures.configuration(seed: 12)
        let provider = PopularRecommendations(catalogue: try Simulator(configuration: configuration).catalogue.movies)
        let (lines, _) = try await SimulatorFixtures.log(configuration, provider: provider)

        // When the events are read in log order
        let times = SimulatorFixtures.events(lines).map(\.time)

        // Then their times never go backwards
        #expect(times.count == lines.count)
        #expect(zip(times, times.dropFirst()).allSatisfy { $0 <= $1 })
    }

    @Test func onlyInjectedFaultsAreRejected() async throws {
        // Given a simulation with a high fault rate
        let (lines, summary) = try await SimulatorFixtures.log(SimulatorFixtures.configuration(seed: 13, faultRate: 0.03))

        // When every line is parsed strictly
        var rejected: [RejectionReason: Int] = [:]
        for line in lines {
            if case .failure(let rejection) = SimulatorFixtures.parse(line) { rejected[rejection.reason, default: 0] += 1 }
        }

        // Then exactly the malformed, truncated and out-of-range lines are rejected, for several reasons
        let rejectedCount = rejected.values.reduce(0, +)
        #expect(rejectedCount == summary.rejectableFaultCount)
        #expect(rejected.keys.count >= 5)
        #expect(rejected[.ratingOutOfScale, default: 0] == summary.faults[.ratingOutOfRange, default: 0])
        // And every kind of fault occurs, and the line count adds up
        #expect(Set(summary.faults.keys) == Set(FaultKind.allCases))
        let wellFormed = summary.watchLines + summary.rateLines + summary.recommendationLines + summary.accountLines
        #expect(summary.lines == wellFormed + summary.faultCount - summary.faults[.outOfOrder, default: 0])
        #expect(lines.count == summary.lines)
    }

    @Test func faultsIncludeUnknownMoviesUsersAndLateLines() async throws {
        // Given a faulty simulation and its world
        let configuration = SimulatorFixtures.configuration(seed: 14, faultRate: 0.03)
        let simulator = try Simulator(configuration: configuration)
        let (lines, summary) = try await SimulatorFixtures.log(configuration)
        let events = SimulatorFixtures.events(lines)

        // When parsed events are checked against the catalogue
        let unknownMovies = events.filter { $0.kind.movie.map { simulator.catalogue.movies.index(of: $0) == nil } ?? false }
        let unknownUsers = events.filter { !simulator.catalogue.users.contains($0.user) }
        let late = zip(events, events.dropFirst()).filter { $1.time < $0.time }

        // Then they appear as often as injected
        #expect(unknownMovies.count == summary.faults[.unknownMovie, default: 0])
        #expect(unknownUsers.count == summary.faults[.unknownUser, default: 0])
        #expect(late.count >= 1)
        #expect(Set(lines).count < lines.count)  // duplicates
    }

    @Test func linesAreValidUTF8ExceptInvalidEncodingFaults() async throws {
        // Given a faulty simulation
        let (lines, _) = try await SimulatorFixtures.log(SimulatorFixtures.configuration(seed: 15, faultRate: 0.03))

        // When lines are checked for UTF-8 validity
        let invalid = lines.filter { String(validating: $0, as: UTF8.self) == nil }

        // Then only deliberately broken lines are invalid, and they are rejected as such
        #expect(invalid.allSatisfy { (try? SimulatorFixtures.parse($0).get()) == nil })
        #expect(invalid.count < lines.count / 100)
    }

    @Test func formattedLinesMatchTheCodec() async throws {
        // Given a simulation with every kind of line
        let configuration = SimulatorFixtures.configuration(seed: 16)
        let simulator = try Simulator(configuration: configuration)
        let (lines, _) = try await SimulatorFixtures.log(configuration, provider: OracleRecommendations(simulator: simulator))
        let codec = LogLineCodec()

        // When each line is parsed and formatted again by the codec
        let mismatches = lines.filter { line in
            guard let event = try? SimulatorFixtures.parse(line).get() else { return true }
            return Array(codec.format(event).utf8) != line
        }

        // Then the simulator wrote exactly the codec's canonical text
        #expect(mismatches.isEmpty, "\(mismatches.prefix(2).map { String(decoding: $0, as: UTF8.self) })")
    }

    @Test func watchMinutesAreConsecutivePerSession() async throws {
        // Given a clean simulation
        let (lines, _) = try await SimulatorFixtures.log(SimulatorFixtures.configuration(seed: 17))

        // When watch events are grouped by user and movie
        var last: [String: (minute: Int, time: EventTime)] = [:]
        var violations: [String] = []
        for event in SimulatorFixtures.events(lines) {
            guard case .watch(let movie, let minute) = event.kind else { continue }
            let key = "\(event.user) \(movie)"
            if let previous = last[key], minute != 0 {
                if minute != previous.minute + 1 || previous.time.seconds(to: event.time) != 60 { violations.append(key) }
            } else if minute != 0 {
                violations.append(key)
            }
            last[key] = (minute, event.time)
        }

        // Then each watch starts at minute 0 and goes on minute by minute, 60 s apart
        #expect(!last.isEmpty)
        #expect(violations.isEmpty, "\(violations.prefix(3))")
    }

    @Test(arguments: [RatingScale.fiveStars, RatingScale.tenPoints])
    func ratingsStayOnTheScale(scale: RatingScale) async throws {
        // Given a clean simulation on the scale
        let (lines, _) = try await SimulatorFixtures.log(SimulatorFixtures.configuration(seed: 18, ratingScale: scale))

        // When the ratings are collected
        let ratings = SimulatorFixtures.events(lines, scale: scale).compactMap { event -> Int? in
            if case .rate(_, let rating) = event.kind { return rating }
            return nil
        }

        // Then every rating is on the scale, and both ends of it are used
        #expect(ratings.count > 20)
        #expect(ratings.allSatisfy(scale.contains))
        let histogram = (1...scale.maximum).map { value in ratings.filter { $0 == value }.count }
        #expect(Set(ratings).count >= scale.maximum - 2, "\(histogram)")
    }

    @Test func newAccountsStartWithAccountCreation() async throws {
        // Given a simulation where a fifth of the users are new
        let configuration = SimulatorFixtures.configuration(seed: 19, newAccountShare: 0.2)
        let (lines, summary) = try await SimulatorFixtures.log(configuration)

        // When each user's first event is looked at
        var first: [UserID: Event] = [:]
        var accounts = 0
        for event in SimulatorFixtures.events(lines) {
            if first[event.user] == nil { first[event.user] = event }
            if event.kind == .accountCreated { accounts += 1 }
        }

        // Then the new users (the highest ids) begin with account creation, once, and the others never create one
        let firstNew = Int64(configuration.users - configuration.users / 5)
        #expect(accounts == summary.accountLines && accounts > 0)
        #expect(first.allSatisfy { ($0.key.rawValue >= firstNew) == ($0.value.kind == .accountCreated) })
    }
}
