/// A genre of a movie record, TMDB style: `{"id": 18, "name": "Drama"}`.
public struct Genre: Hashable, Sendable, Codable {
    /// TMDB genre id.
    public var id: Int
    /// Display name.
    public var name: String

    /// Creates a genre.
    public init(id: Int, name: String) {
        self.id = id
        self.name = name
    }
}

/// A movie record of the streaming service's movie API (SPEC.md §2), TMDB style.
///
/// The API sends numbers as strings (`"7.0"`) and omits or nulls fields; decoding accepts both
/// and keeps what it can. Fields Marquee does not use yet are kept verbatim in `extra`.
public struct Movie: Hashable, Sendable, Codable {
    /// The movie's slug.
    public var id: MovieID
    public var tmdbID: Int?
    public var imdbID: String?
    public var title: String?
    public var originalTitle: String?
    public var adult: Bool?
    public var budget: Double?
    public var genres: [Genre]
    public var originalLanguage: String?
    public var overview: String?
    public var popularity: Double?
    public var releaseDate: String?
    public var revenue: Double?
    /// Length in minutes.
    public var runtime: Int?
    public var status: String?
    public var voteAverage: Double?
    public var voteCount: Int?
    /// Licence fee in USD paid per view (newer variant of the service).
    public var cost: Double?

    /// Creates a movie record.
    public init(
        id: MovieID, tmdbID: Int? = nil, imdbID: String? = nil, title: String? = nil, originalTitle: String? = nil,
        adult: Bool? = nil, budget: Double? = nil, genres: [Genre] = [], originalLanguage: String? = nil,
        overview: String? = nil, popularity: Double? = nil, releaseDate: String? = nil, revenue: Double? = nil,
        runtime: Int? = nil, status: String? = nil, voteAverage: Double? = nil, voteCount: Int? = nil, cost: Double? = nil
    ) {
        self.id = id
        self.tmdbID = tmdbID
        self.imdbID = imdbID
        self.title = title
        self.originalTitle = originalTitle
        self.adult = adult
        self.budget = budget
        self.genres = genres
        self.originalLanguage = originalLanguage
        self.overview = overview
        self.popularity = popularity
        self.releaseDate = releaseDate
        self.revenue = revenue
        self.runtime = runtime
        self.status = status
        self.voteAverage = voteAverage
        self.voteCount = voteCount
        self.cost = cost
    }

    enum CodingKeys: String, CodingKey {
        case id
        case tmdbID = "tmdb_id"
        case imdbID = "imdb_id"
        case title
        case originalTitle = "original_title"
        case adult, budget, genres
        case originalLanguage = "original_language"
        case overview, popularity
        case releaseDate = "release_date"
        case revenue, runtime, status
        case voteAverage = "vote_average"
        case voteCount = "vote_count"
        case cost
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let slug = try c.decode(String.self, forKey: .id)
        guard let id = MovieID(slug) else {
            throw DecodingError.dataCorruptedError(forKey: .id, in: c, debugDescription: "'\(slug)' is not a movie slug")
        }
        self.id = id
        tmdbID = try c.decodeLenientInteger(forKey: .tmdbID).map(Int.init)
        imdbID = try c.decodeLenientString(forKey: .imdbID)
        title = try c.decodeLenientString(forKey: .title)
        originalTitle = try c.decodeLenientString(forKey: .originalTitle)
        adult = try c.decodeLenientBool(forKey: .adult)
        budget = try c.decodeLenientDouble(forKey: .budget)
        genres = (try? c.decodeIfPresent([Genre].self, forKey: .genres)) ?? []
        originalLanguage = try c.decodeLenientString(forKey: .originalLanguage)
        overview = try c.decodeLenientString(forKey: .overview)
        popularity = try c.decodeLenientDouble(forKey: .popularity)
        releaseDate = try c.decodeLenientString(forKey: .releaseDate)
        revenue = try c.decodeLenientDouble(forKey: .revenue)
        runtime = try c.decodeLenientInteger(forKey: .runtime).map(Int.init)
        status = try c.decodeLenientString(forKey: .status)
        voteAverage = try c.decodeLenientDouble(forKey: .voteAverage)
        voteCount = try c.decodeLenientInteger(forKey: .voteCount).map(Int.init)
        cost = try c.decodeLenientDouble(forKey: .cost)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id.slug, forKey: .id)
        try c.encodeIfPresent(tmdbID, forKey: .tmdbID)
        try c.encodeIfPresent(imdbID, forKey: .imdbID)
        try c.encodeIfPresent(title, forKey: .title)
        try c.encodeIfPresent(originalTitle, forKey: .originalTitle)
        try c.encodeIfPresent(adult, forKey: .adult)
        try c.encodeIfPresent(budget, forKey: .budget)
        try c.encode(genres, forKey: .genres)
        try c.encodeIfPresent(originalLanguage, forKey: .originalLanguage)
        try c.encodeIfPresent(overview, forKey: .overview)
        try c.encodeIfPresent(popularity, forKey: .popularity)
        try c.encodeIfPresent(releaseDate, forKey: .releaseDate)
        try c.encodeIfPresent(revenue, forKey: .revenue)
        try c.encodeIfPresent(runtime, forKey: .runtime)
        try c.encodeIfPresent(status, forKey: .status)
        try c.encodeIfPresent(voteAverage, forKey: .voteAverage)
        try c.encodeIfPresent(voteCount, forKey: .voteCount)
        try c.encodeIfPresent(cost, forKey: .cost)
    }
}
