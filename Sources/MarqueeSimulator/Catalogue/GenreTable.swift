import MarqueeCore

/// The TMDB movie genres the simulated catalogue uses, with how common each is as a primary genre.
enum GenreTable {
    /// The genres, in a fixed order: a genre's index here is its index in taste tables.
    static let genres: [Genre] = [
        Genre(id: 28, name: "Action"), Genre(id: 12, name: "Adventure"), Genre(id: 16, name: "Animation"),
        Genre(id: 35, name: "Comedy"), Genre(id: 80, name: "Crime"), Genre(id: 99, name: "Documentary"),
        Genre(id: 18, name: "Drama"), Genre(id: 10751, name: "Family"), Genre(id: 14, name: "Fantasy"),
        Genre(id: 36, name: "History"), Genre(id: 27, name: "Horror"), Genre(id: 10402, name: "Music"),
        Genre(id: 9648, name: "Mystery"), Genre(id: 10749, name: "Romance"), Genre(id: 878, name: "Science Fiction"),
        Genre(id: 53, name: "Thriller"), Genre(id: 10752, name: "War"), Genre(id: 37, name: "Western"),
    ]

    /// Relative frequency of each genre (same order as ``genres``), roughly as in TMDB.
    static let frequency: [Double] = [
        9, 5, 3, 12, 6, 3, 16, 3, 3, 2, 5, 2, 3, 6, 4, 7, 1.5, 1,
    ]

    /// Genres that often go together with the genre at the same index, to make 2nd and 3rd genres plausible.
    static let companions: [[Int]] = [
        [1, 15, 14, 4], [0, 8, 7, 14], [7, 3, 8, 1], [13, 6, 7, 4], [15, 6, 12, 0], [9, 11, 16], [13, 4, 9, 16],
        [2, 3, 1, 8], [1, 7, 0, 2], [6, 16, 13], [15, 12, 8], [6, 13, 3], [15, 4, 10], [3, 6, 11], [0, 1, 15],
        [4, 12, 0, 10], [6, 9, 0], [0, 6, 1],
    ]

    /// Index of a genre in ``genres`` by TMDB id.
    static func index(ofTMDBID id: Int) -> Int? { genres.firstIndex { $0.id == id } }

    /// Index of Action, Drama, ... by name, for the demographic preference table.
    static func index(named name: String) -> Int {
        genres.firstIndex { $0.name == name } ?? 0
    }
}
