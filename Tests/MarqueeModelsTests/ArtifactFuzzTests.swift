import MarqueeCore
import MarqueeTestSupport
import Testing

@testable import MarqueeModels

/// Structure-aware fuzzing of model artifacts: every field of a real artifact of each kind is mutated as an attacker
/// would, the checksum is recomputed, and the decoder must refuse it with a `ModelError` or return a model that then
/// recommends, scores and explains without crashing.
@Suite(.dedicatedThreads)
struct ArtifactFuzzTests {
    /// Mutated artifacts per model kind; five kinds make 20,000 cases, a few seconds in a debug build.
    static let casesPerKind = 4_000

    /// Tiny data, so that one case decodes and serves in well under a millisecond: two taste clusters with genres,
    /// two new movies per cluster (so the new-movie cold start is in the artifact), and a user with demographics but
    /// no history (so the cold-start users are too).
    static let data: TrainingData = {
        var data = ModelFixtures.withGenres(ModelFixtures.clustered(usersPerCluster: [4, 5], moviesPerCluster: 6))
        if let cold = UserID(9_000) { data.users[cold] = User(id: cold, age: 30, gender: "F") }
        return data
    }()

    @Test(arguments: ModelKind.all)
    func survivesFieldMutationsWithAValidChecksum(kind: ModelKind) throws {
        // Given a real artifact of the kind, with the new-movie cold start, and the fields its writer appended
        let trainer = NewMovieColdStartTrainer(base: try ModelKinds.trainer(kind: kind.name, parameters: kind.parameters), slots: 2)
        let model = try trainer.train(on: Self.data)
        let (body, fields) = try ModelArtifact.encodeFields(model)
        #expect(ModelArtifact.sealed(body) == (try ModelArtifact.encode(model)))
        let probe = Probe(model: model, data: Self.data)
        probe.exercise(try ModelArtifact.decode(ModelArtifact.sealed(body), source: "original"))
        var mutator = ArtifactMutator(fields: fields, random: SplitMix64(seed: 20, stream: 1, key: UInt64(kind.name.utf8.count)))
        var (accepted, rejected) = (0, 0)
        for _ in 0..<Self.casesPerKind {
            // When a mutated, resealed artifact is decoded
            let bytes = ModelArtifact.sealed(mutator.mutate(body))
            do throws(ModelError) {
                let decoded = try ModelArtifact.decode(bytes, source: "fuzzed")
                // Then a model it accepts serves without crashing
                probe.exercise(decoded)
                accepted += 1
            } catch {
                // or the error is typed, and the checksum (recomputed) is never what refused it
                #expect(!error.message.contains("checksum"), "\(error.message)")
                rejected += 1
            }
        }
        // Both outcomes occur: the mutations reach the parser's checks, and some leave a servable model.
        #expect(rejected > Self.casesPerKind / 4, "only \(rejected) rejected")
        #expect(accepted > 0, "none accepted")
    }
}

/// Calls everything a server calls on a model, for users and movies of every sort: known, cold with demographics,
/// unknown, new movies, unknown movies, and the ids the decoded model itself lists.
private struct Probe {
    let users: [UserID]
    let movies: [MovieID]

    init(model: any Recommender, data: TrainingData) {
        let known = data.interactions.map(\.user).sorted()
        users = [known.first, known.last, UserID(9_000), UserID(777_777)].compactMap { $0 }
        let catalogue = data.genres.keys.sorted()
        movies = Array(catalogue.prefix(3)) + ModelFixtures.newMovies(cluster: 1) + [ModelFixtures.movie(cluster: 5, 1)] + catalogue.suffix(2)
    }

    func exercise(_ model: any Recommender) {
        _ = model.descriptor
        let excluded: Set<MovieID> = [movies[0]]
        for user in users + model.personalisedUsers.prefix(2) {
            _ = model.recommend(for: user, count: 5, excluding: excluded)
            _ = model.scores(for: user, movies: movies)
            for movie in movies { _ = model.explain(movie, for: user) }
        }
        let taste = StatedTaste(
            liked: [ScoredMovie(movie: movies[1], score: 1), ScoredMovie(movie: movies[2], score: 0.5)],
            disliked: [ScoredMovie(movie: movies[movies.count - 1], score: 1)])
        let newcomer = users[users.count - 1]
        _ = model.recommend(for: newcomer, stating: taste, count: 5, excluding: excluded)
        for movie in movies { _ = model.explain(movie, for: newcomer, stating: taste) }
    }
}
