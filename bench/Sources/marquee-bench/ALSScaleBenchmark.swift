import Foundation
import MarqueeCore
import MarqueeEvaluation
import MarqueeModels
import Synchronization

/// ALS on a simulated matrix of any size: seconds per iteration, peak memory, and one-thread recommend latency
/// (20 items, excluding the user's watched movies) over 10,000 users.
struct ALSScaleBenchmark {
    let users: Int
    let movies: Int
    let perUser: Int
    /// Where to write the trained model's artifact, if anywhere (e.g. for serving benchmarks).
    var artifactPath: String?

    func run() throws {
        let clock = ContinuousClock()
        var start = clock.now
        let data = try SimulatedInteractions.make(users: users, movies: movies, perUser: perUser).trainingData()
        let generation = (clock.now - start).inSeconds
        let iterations = Mutex<[Double]>([])
        let trainer = ALSTrainer(configuration: .init(factors: 64, iterations: 15, threads: 2)) { _, seconds in
            iterations.withLock { $0.append(seconds) }
        }
        start = clock.now
        let model = try trainer.trainModel(on: data)
        let training = (clock.now - start).inSeconds
        let perIteration = iterations.withLock { $0 }

        var latencies: [Double] = []
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<10_000 {
            guard let user = UserID(Int64.random(in: 0..<Int64(users), using: &rng)) else { continue }
            let begin = clock.now
            _ = model.recommend(for: user, count: 20, excluding: [])
            latencies.append((clock.now - begin).inSeconds * 1000)
        }
        latencies.sort()
        var artifactNote = ""
        if let artifactPath {
            start = clock.now
            try ModelArtifact.write(model, to: artifactPath)
            let writing = (clock.now - start).inSeconds
            start = clock.now
            _ = try ModelArtifact.read(from: artifactPath)
            let loading = (clock.now - start).inSeconds
            artifactNote = String(format: "; artifact written in %.1f s, loaded in %.1f s", writing, loading)
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let mean = perIteration.isEmpty ? training / 15 : perIteration.reduce(0, +) / Double(perIteration.count)
        report(
            "als-scale", mean * 1000, "ms/iteration",
            "\(users) users x \(movies) movies, \(data.interactions.count) interactions, 64 factors, 2 threads; "
                + String(format: "train %.1f s after %.1f s of data generation; ", training, generation)
                + String(format: "recommend p50 %.3f ms p99 %.3f ms; peak RSS %d MB", latencies[latencies.count / 2],
                    latencies[latencies.count * 99 / 100], usage.ru_maxrss / 1024) + artifactNote)
    }
}
