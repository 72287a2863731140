import Foundation
import MarqueeCore
import MarqueeSimulator

/// Runs the simulator without HTTP, writing to /dev/null, and reports its output rate.
struct SimulateBenchmark {
    let users: Int
    let movies: Int
    let days: Int

    func run() async throws {
        let clock = ContinuousClock()
        let setupStart = clock.now
        let simulator = try Simulator(configuration: SimulatorConfiguration(users: users, movies: movies, days: days, seed: 7))
        let setup = clock.now - setupStart
        var sink = try BufferedFileSink(path: "/dev/null")
        let start = clock.now
        let summary = try await simulator.run(writingTo: &sink)
        try sink.close()
        let elapsed = clock.now - start
        let seconds = elapsed.inSeconds
        let setupSeconds = setup.inSeconds
        report(
            "simulate", Double(summary.lines) / seconds, "lines/s",
            "\(users) users x \(movies) movies x \(days) days: \(summary.lines) lines, \(summary.bytes / 1_000_000) MB "
                + "in \(String(format: "%.1f", seconds)) s after \(String(format: "%.1f", setupSeconds)) s of set-up")
    }
}
