import Foundation
import MarqueeCore

/// The simulated service's movie catalogue: TMDB-style records generated deterministically from a seed.
///
/// Movies are numbered `0..<count`; index 0 is not special. Slugs are unique. The catalogue also keeps
/// the hidden per-movie facts the behaviour model needs (popularity prior, quality, runtime) in flat arrays.
public struct MovieCatalogue: Sendable {
    /// The movie records, in index order.
    public let movies: [Movie]
    /// Each movie's slug as UTF-8 bytes, for fast line formatting.
    let slugBytes: [[UInt8]]
    /// Each movie's genres as indices into ``GenreTable/genres``.
    let genreIndices: [[Int]]
    /// Each movie's runtime in minutes.
    let runtimes: [Int]
    /// Each movie's popularity prior (the `popularity` field), long-tailed.
    let popularity: [Double]
    /// Each movie's hidden quality, a standard-normal-ish value behind `vote_average`.
    let quality: [Double]
    /// Each movie's licence cost per view in USD.
    let costs: [Double]
    private let indexBySlug: [MovieID: Int]

    /// Number of movies.
    public var count: Int { movies.count }

    /// Generates `count` movies from `seed`.
    /// - Precondition: `count` > 0 (the simulator validates its configuration first).
    public init(seed: UInt64, count: Int) {
        precondition(count > 0, "a catalogue needs at least one movie")
        var rng = Xoshiro256(seed: SplitMix64.mix(seed ^ 0x4D4F_5649_4553))
        let genreSampler = AliasTable(weights: GenreTable.frequency)
        var movies: [Movie] = []
        var slugBytes: [[UInt8]] = []
        var genreIndices: [[Int]] = []
        var runtimes: [Int] = []
        var popularity: [Double] = []
        var quality: [Double] = []
        var costs: [Double] = []
        var indexBySlug: [MovieID: Int] = [:]
        movies.reserveCapacity(count)
        slugBytes.reserveCapacity(count)
        indexBySlug.reserveCapacity(count)
        let languageSampler = AliasTable(weights: Self.languageWeights)
        var tmdbID = 10
        for index in 0..<count {
            let year = Self.releaseYear(using: &rng)
            var title = ""
            var slug: MovieID?
            var attempt = 0
            repeat {
                title = TitleGenerator.title(using: &rng, attempt: attempt)
                attempt += 1
                if attempt > 8 { title += " \(["II", "III", "IV", "V", "VI"][rng.below(5)])" }
                if attempt > 20 { title += " \(index)" }
                slug = MovieID.slug(title: title, year: year).flatMap { indexBySlug[$0] == nil ? $0 : nil }
            } while slug == nil
            guard let id = slug else { continue }  // unreachable: the loop only ends with a slug

            let genres = Self.genres(using: &rng, sampler: genreSampler)
            let primary = GenreTable.genres[genres[0]]
            let runtime = Self.runtime(primaryGenre: primary.id, using: &rng)
            let pop = exp(0.8 + 1.35 * rng.gaussian())
            let q = rng.gaussian() * 0.55 + 0.15 * (log(pop) - 0.8)
            let voteAverage = ((6.2 + 1.4 * q + 0.3 * rng.gaussian()).clamped(to: 1.0...9.6) * 10).rounded() / 10
            let voteCount = max(0, Int(pop * 55 * exp(0.5 * rng.gaussian())))
            let budget = rng.chance(0.3) ? 0 : (exp(16.5 + 0.45 * log(pop) + 0.8 * rng.gaussian()) / 1000).rounded() * 1000
            let revenue = budget == 0 ? 0 : (budget * exp(0.3 + 0.5 * q + 0.7 * rng.gaussian()) / 1000).rounded() * 1000
            let cost = ((0.3 + 0.35 * log1p(pop) + 0.6 * rng.unit() + (year >= 2020 ? 1.0 : 0)) * 100).rounded() / 100
            let language = Self.languages[languageSampler.sample(using: &rng)]
            tmdbID += 1 + rng.below(40)
            let month = 1 + rng.below(12)
            let day = 1 + rng.below(28)
            let releaseDate = "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
            let overview = TitleGenerator.overview(title: title, genre: primary.name, using: &rng)
            let imdbNumber = 10_000 + index * 97 + rng.below(97)
            let imdb = "tt" + String(repeating: "0", count: max(0, 7 - String(imdbNumber).count)) + String(imdbNumber)

            let movie = Movie(
                id: id, tmdbID: tmdbID, imdbID: imdb, title: title, originalTitle: title, adult: false, budget: budget,
                genres: genres.map { GenreTable.genres[$0] }, originalLanguage: language, overview: overview,
                popularity: (pop * 1000).rounded() / 1000, releaseDate: releaseDate, revenue: revenue, runtime: runtime,
                status: "Released", voteAverage: voteAverage, voteCount: voteCount, cost: cost)
            indexBySlug[id] = index
            movies.append(movie)
            slugBytes.append(Array(id.slug.utf8))
            genreIndices.append(genres)
            runtimes.append(runtime)
            popularity.append(pop)
            quality.append(q)
            costs.append(cost)
        }
        self.movies = movies
        self.slugBytes = slugBytes
        self.genreIndices = genreIndices
        self.runtimes = runtimes
        self.popularity = popularity
        self.quality = quality
        self.costs = costs
        self.indexBySlug = indexBySlug
    }

    /// The index of the movie with this slug, or `nil` when the catalogue has no such movie.
    public func index(of id: MovieID) -> Int? { indexBySlug[id] }

    /// The record of the movie with this slug, or `nil` when the catalogue has no such movie.
    public func movie(_ id: MovieID) -> Movie? { indexBySlug[id].map { movies[$0] } }

    /// The slug of the movie at `index`.
    public func id(at index: Int) -> MovieID { movies[index].id }

    /// Movie indices by descending popularity prior.
    public func indicesByPopularity() -> [Int] {
        movies.indices.sorted { popularity[$0] > popularity[$1] || (popularity[$0] == popularity[$1] && $0 < $1) }
    }

    static let languages = ["en", "fr", "es", "de", "ja", "ko", "it", "hi", "zh", "sv", "pt", "da"]
    static let languageWeights: [Double] = [74, 5, 4, 3, 3, 2, 2, 2, 2, 1, 1, 1]

    private static func releaseYear(using rng: inout some RandomNumberGenerator) -> Int {
        let age = -log(rng.positiveUnit()) * 16
        return max(1925, 2024 - Int(age))
    }

    private static func genres(using rng: inout some RandomNumberGenerator, sampler: AliasTable) -> [Int] {
        let primary = sampler.sample(using: &rng)
        var genres = [primary]
        let extra = rng.unit() < 0.35 ? 0 : (rng.unit() < 0.6 ? 1 : 2)
        for _ in 0..<extra {
            let candidates = GenreTable.companions[primary]
            let next = rng.chance(0.8) ? candidates[rng.below(candidates.count)] : sampler.sample(using: &rng)
            if !genres.contains(next) { genres.append(next) }
        }
        return genres
    }

    private static func runtime(primaryGenre: Int, using rng: inout some RandomNumberGenerator) -> Int {
        switch primaryGenre {
        case 16, 10751: return Int((88 + 9 * rng.gaussian()).clamped(to: 72...115))
        case 99: return Int((92 + 15 * rng.gaussian()).clamped(to: 70...140))
        case 36, 10752: return Int((135 + 22 * rng.gaussian()).clamped(to: 95...190))
        default: return Int((108 + 17 * rng.gaussian()).clamped(to: 80...180))
        }
    }
}

extension Comparable {
    func clamped(to range: ClosedRange<Self>) -> Self { min(max(self, range.lowerBound), range.upperBound) }
}
