import Foundation
import MarqueeCore
import MarqueeEvaluation
import MarqueeIngest
import MarqueeLifecycle
import MarqueeModels
import MarqueeSimulator
import MarqueeStore

/// How models do in the simulator's world, measured three ways on the same history:
/// offline (the pipeline's split, plain and exposure-aware), online (the simulated users served by the model for the
/// next days, replayed in process), and against the ground truth (NDCG of the model's top 20 against the oracle's
/// ranking by true affinity, per user activity level).
///
/// The history is the demo's: two warm-up days without recommendations, then days served by a popularity model
/// retrained on the history each day, all ingested into a SQLite store as the pipeline reads it.
struct WorldStudy {
    struct Candidate {
        var label: String
        var kind: String
        var parameters: [String: String]

        init(label: String, kind: String, parameters: [String: String]) {
            self.label = label
            self.kind = kind
            self.parameters = parameters
        }

        /// `LABEL=KIND[:key=value,...]`, e.g. `als8=als:factors=8,regularization=20`.
        init(text: String) throws {
            let labelled = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard labelled.count == 2 else { throw BenchError("a candidate is LABEL=KIND[:key=value,...], not '\(text)'") }
            let parts = labelled[1].split(separator: ":", maxSplits: 1).map(String.init)
            var parameters: [String: String] = [:]
            for pair in parts.count == 2 ? parts[1].split(separator: ",") : [] {
                let keyValue = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard keyValue.count == 2 else { throw BenchError("'\(pair)' in '\(text)' is not key=value") }
                parameters[keyValue[0]] = keyValue[1]
            }
            self.init(label: labelled[0], kind: parts[0], parameters: parameters)
        }
    }

    let users: Int
    let movies: Int
    let seed: UInt64
    let historyDays: Int
    let replayDays: Int
    let candidates: [Candidate]

    func run() async throws {
        let directory = NSTemporaryDirectory() + "marquee-world-\(ProcessInfo.processInfo.processIdentifier)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try await StoreLocation(directory + "/world.sqlite").open()
        let ingestor = EventIngestor(store: store, clock: ContinuousClock())
        let world = try Simulator(configuration: configuration(firstDay: 0))
        try world.writeCatalogue(to: directory + "/catalogue")
        _ = try await CatalogueLoader(store: store).load(directory: directory + "/catalogue")

        for day in 0..<historyDays {
            let path = directory + "/day\(day).log"
            let provider: any RecommendationProvider
            if day < 2 {
                provider = NoRecommendations()
            } else {
                let data = try await TrainingDataLoader(store: store).load()
                let model = try ModelKinds.trainer(kind: "popularity").train(on: data)
                provider = Self.serving(model, watched: data.watchedMovies())
            }
            try await simulate(day: day, provider: provider, path: path)
            _ = try await ingestor.ingest(file: path, fromStart: true)
        }
        let evaluationData = try await TrainingDataLoader(store: store).loadEvaluationData(includingImpressions: true)
        let data = evaluationData.trainingData()
        let watched = data.watchedMovies()
        let split = try EvaluationSplit(evaluationData, configuration: SplitConfiguration(method: .defaultGlobal))
        let shown = ExposureAwareNDCG.shownInTestPeriod(evaluationData.impressions, of: split)
        print("history: \(historyDays) days, \(data.interactions.count) interactions of \(watched.count) users; replay \(replayDays) days")
        print(
            "label | offline NDCG@20 | organic NDCG@20 | IPS NDCG@20 | online % | truth NDCG@20 (all, by activity 0 / 1-2 / 3-5 / 6-10 / 11+) | train s"
        )

        var rows: [[Double]] = []
        for candidate in candidates + [Candidate(label: "oracle", kind: "oracle", parameters: [:])] {
            let started = Date()
            let model: (any Recommender)?
            let onSplit: (any Recommender)?
            let offline: OfflineEvaluation?
            if candidate.kind == "oracle" {
                (model, onSplit, offline) = (nil, nil, nil)
            } else {
                let trainer = try ModelKinds.trainer(kind: candidate.kind, parameters: candidate.parameters)
                let trained = try trainer.train(on: split.trainingData)
                (onSplit, offline) = (trained, evaluate(trained, on: split))
                model = try trainer.train(on: data)
            }
            let seconds = Date().timeIntervalSince(started)
            let online = try await replay(model, watched: watched, directory: directory)
            let truth = GroundTruthAgreement(simulator: world, watched: watched).measure(model)
            let organic = onSplit.map { ExposureAwareNDCG.unexposed(of: $0, on: split, shown: shown) } ?? .nan
            let ips = onSplit.map { ExposureAwareNDCG.inversePropensity(of: $0, on: split) } ?? .nan
            let ndcg = offline?.metrics.ndcg20 ?? .nan
            print(
                String(
                    format: "%@ | %.4f | %.4f | %.4f | %.1f | %.3f (%@) | %.1f", candidate.label, ndcg, organic, ips, online * 100, truth.overall,
                    truth.byActivity.map { String(format: "%.3f", $0) }.joined(separator: " / "), seconds))
            if candidate.kind != "oracle" { rows.append([ndcg, organic, ips, online, truth.overall]) }
        }
        if rows.count >= 3 {
            let online = rows.map { $0[3] }
            for (index, name) in ["offline NDCG@20", "organic NDCG@20", "IPS NDCG@20", "truth NDCG@20"].enumerated() {
                let column = index == 3 ? 4 : index
                print(
                    String(
                        format: "Spearman(%@, online) = %.3f over %d versions", name, Spearman.correlation(rows.map { $0[column] }, online),
                        rows.count))
            }
        }
        try await store.close()
    }

    /// The online metric of `model` (the oracle when `nil`) over the replay days; both leave out each user's `watched`.
    private func replay(_ model: (any Recommender)?, watched: [UserID: Set<MovieID>], directory: String) async throws -> Double {
        var answers: [ServedRecommendation] = []
        var events: [Event] = []
        let world = try Simulator(configuration: configuration(firstDay: historyDays))
        for day in historyDays..<(historyDays + replayDays) {
            let path = directory + "/replay\(day).log"
            let provider: any RecommendationProvider =
                model.map { Self.serving($0, watched: watched) } ?? OracleRecommendations(simulator: world, excluding: watched)
            try await simulate(day: day, provider: provider, path: path)
            for event in try Self.events(path) {
                if case .recommendation(let request) = event.kind, request.status == 200, case .movies(let movies) = request.result {
                    answers.append(ServedRecommendation(user: event.user, time: event.time, movies: movies, modelVersion: "m", route: "production"))
                } else {
                    events.append(event)
                }
            }
        }
        var runtimes: [MovieID: Int] = [:]
        for movie in world.catalogue.movies.movies { runtimes[movie.id] = movie.runtime }
        let end = configuration(firstDay: 0).start.adding(seconds: Double(historyDays + replayDays + 1) * 86_400)
        return try OnlineEvaluator.evaluate(answers: answers, events: events, runtimes: runtimes, observedUntil: end).overall.followed.rate
    }

    private func simulate(day: Int, provider: some RecommendationProvider, path: String) async throws {
        let simulator = try Simulator(configuration: configuration(firstDay: day))
        var sink = try BufferedFileSink(path: path)
        _ = try await simulator.run(writingTo: &sink, provider: provider)
        try sink.close()
    }

    private func configuration(firstDay: Int) -> SimulatorConfiguration {
        SimulatorConfiguration(users: users, movies: movies, days: 1, firstDay: firstDay, seed: seed, faultRate: 0)
    }

    /// A provider answering with `model`'s top 20, without what the user watched (as the server does).
    static func serving(_ model: any Recommender, watched: [UserID: Set<MovieID>]) -> InProcessRecommendationProvider {
        InProcessRecommendationProvider { user in model.recommend(for: user, count: 20, excluding: watched[user] ?? []).map(\.movie) }
    }

    static func events(_ path: String) throws -> [Event] {
        guard let data = FileManager.default.contents(atPath: path) else { throw BenchError("cannot read \(path)") }
        let codec = LogLineCodec()
        var events: [Event] = []
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0
            while start < bytes.count {
                let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
                if let event = try? codec.parse(utf8: UnsafeBufferPointer(rebasing: bytes[start..<end])) { events.append(event) }
                start = end + 1
            }
        }
        return events
    }
}
