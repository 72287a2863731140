// marquee-bench: throughput measurements of Marquee's hot loops, run in release mode by bench/run.sh.
//
//   marquee-bench parse FILE            lines/s of LogLineCodec over a log file (one core)
//   marquee-bench ingest FILE STORE     events/s of the file ingest into a fresh store (SQLite path or postgres:// URL)
//   marquee-bench catalogue-gaps STORE [REPEATS]   times opening a store that holds a log (its migrations), then
//                                                   catalogueGaps() (default 5 runs), after recording half of
//                                                   what the events name when it has no user records
//   marquee-bench simulate USERS MOVIES DAYS   lines/s of the simulator writing to /dev/null
//   marquee-bench als STORE DIR [per-user|global]   Marquee ALS on a store's split; exports the same input for implicit
//   marquee-bench movielens-search STORE DIR TRIALS SEED   every kind tuned by ModelSearch on the per-user split; exports
//                                                   that split and its validation part for bench/peers/implicit_tuned.py
//   marquee-bench movielens-als-seconds STORE DIR SECONDS SEED   ALS alone, searched at random for SECONDS (the peer's
//                                                   search time) on the same split
//   marquee-bench als-simulated USERS MOVIES PER_USER DIR   the same on a matrix drawn from the simulator's tastes
//   marquee-bench als-scale USERS MOVIES PER_USER [ARTIFACT]   ALS seconds/iteration, peak memory, recommend
//                                                   latency; writes and reloads the artifact when given a path
//   marquee-bench match-titles MOVIES USERS   title-index build time and self-descriptions matched per second
//   marquee-bench world USERS MOVIES SEED HISTORY_DAYS REPLAY_DAYS LABEL=KIND[:key=value,...] ...
//                                                   models in the simulator's world: offline (plain and exposure-aware),
//                                                   online (replayed days) and against the oracle's ranking
//   marquee-bench export-factors ARTIFACT DIR   an ALS artifact's factors and trained movies as raw arrays, for the
//                                                   Flask + implicit serving peer (bench/peers/flask_als)
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    switch arguments.first {
    case "parse" where arguments.count == 2:
        try ParseBenchmark(path: arguments[1]).run()
    case "ingest" where arguments.count == 3:
        try await IngestBenchmark(path: arguments[1], storeLocation: arguments[2]).run()
    case "catalogue-gaps" where arguments.count == 2 || arguments.count == 3:
        guard let repeats = arguments.count == 3 ? Int(arguments[2]) : 5, repeats > 0 else {
            throw BenchError("catalogue-gaps takes STORE [REPEATS], REPEATS a positive integer")
        }
        try await CatalogueGapsBenchmark(storeLocation: arguments[1], repeats: repeats).run()
    case "simulate" where arguments.count == 4:
        guard let users = Int(arguments[1]), let movies = Int(arguments[2]), let days = Int(arguments[3]) else {
            throw BenchError("simulate takes three integers: USERS MOVIES DAYS")
        }
        try await SimulateBenchmark(users: users, movies: movies, days: days).run()
    case "als" where arguments.count == 3 || arguments.count == 4:
        try await ALSComparison.store(arguments[1], outputDirectory: arguments[2], split: arguments.count == 4 ? arguments[3] : "per-user").run()
    case "movielens-search" where arguments.count == 5:
        guard let trials = Int(arguments[3]), trials > 0, let seed = UInt64(arguments[4]) else {
            throw BenchError("movielens-search takes STORE DIR TRIALS SEED, TRIALS a positive integer")
        }
        try await MovieLensSearchBench.store(arguments[1], outputDirectory: arguments[2], trials: trials, seed: seed).run()
    case "movielens-als-seconds" where arguments.count == 5:
        guard let seconds = Double(arguments[3]), seconds > 0, let seed = UInt64(arguments[4]) else {
            throw BenchError("movielens-als-seconds takes STORE DIR SECONDS SEED, SECONDS a positive number")
        }
        try await MovieLensSearchBench.store(arguments[1], outputDirectory: arguments[2], trials: 1, seed: seed, alsSeconds: seconds).run()
    case "als-simulated" where arguments.count == 5:
        guard let users = Int(arguments[1]), let movies = Int(arguments[2]), let perUser = Int(arguments[3]) else {
            throw BenchError("als-simulated takes USERS MOVIES PER_USER DIR")
        }
        let simulator = try SimulatedInteractions.simulator(users: users, movies: movies)
        let data = try SimulatedInteractions.make(simulator: simulator, perUser: perUser)
        try ALSComparison(data: data, outputDirectory: arguments[4], split: "per-user", simulator: simulator, perUser: perUser).run()
    case "als-scale" where arguments.count == 4 || arguments.count == 5:
        guard let users = Int(arguments[1]), let movies = Int(arguments[2]), let perUser = Int(arguments[3]) else {
            throw BenchError("als-scale takes USERS MOVIES PER_USER")
        }
        try ALSScaleBenchmark(users: users, movies: movies, perUser: perUser, artifactPath: arguments.count == 5 ? arguments[4] : nil).run()
    case "match-titles" where arguments.count == 3:
        guard let movies = Int(arguments[1]), let users = Int(arguments[2]) else { throw BenchError("match-titles takes MOVIES USERS") }
        try TitleMatchBenchmark(movies: movies, users: users).run()
    case "world" where arguments.count >= 7:
        guard let users = Int(arguments[1]), let movies = Int(arguments[2]), let seed = UInt64(arguments[3]), let history = Int(arguments[4]),
            let replay = Int(arguments[5]), history >= 3, replay >= 1
        else { throw BenchError("world takes USERS MOVIES SEED HISTORY_DAYS (≥ 3) REPLAY_DAYS (≥ 1) then candidates") }
        let candidates = try arguments.dropFirst(6).map(WorldStudy.Candidate.init(text:))
        try await WorldStudy(users: users, movies: movies, seed: seed, historyDays: history, replayDays: replay, candidates: candidates).run()
    case "export-factors" where arguments.count == 3:
        try FactorExport(artifactPath: arguments[1], outputDirectory: arguments[2]).run()
    default:
        throw BenchError(
            "usage: marquee-bench parse FILE | ingest FILE STORE | catalogue-gaps STORE [REPEATS] | simulate USERS MOVIES DAYS"
                + " | als STORE DIR [per-user|global] | movielens-search STORE DIR TRIALS SEED"
                + " | movielens-als-seconds STORE DIR SECONDS SEED | als-simulated USERS MOVIES PER_USER DIR"
                + " | als-scale USERS MOVIES PER_USER [ARTIFACT] | match-titles MOVIES USERS | export-factors ARTIFACT DIR"
                + " | world USERS MOVIES SEED HISTORY_DAYS REPLAY_DAYS LABEL=KIND[:key=value,...] ...")
    }
} catch {
    FileHandle.standardError.write(Data("marquee-bench: \(error)\n".utf8))
    exit(1)
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Prints one result line: `name value unit (detail)`.
func report(_ name: String, _ value: Double, _ unit: String, _ detail: String) {
    print(String(format: "%@ %.0f %@ (%@)", name, value, unit, detail))
}
