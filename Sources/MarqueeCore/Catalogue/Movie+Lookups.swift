extension Sequence where Element == Movie {
    /// Runtime in minutes per movie that has one; the first record wins when an id repeats.
    public var runtimesByID: [MovieID: Int] {
        Dictionary(compactMap { movie in movie.runtime.map { (movie.id, $0) } }, uniquingKeysWith: { first, _ in first })
    }

    /// Genre names per movie that has at least one genre; the first record wins when an id repeats.
    public var genreNamesByID: [MovieID: [String]] {
        Dictionary(compactMap { movie in movie.genres.isEmpty ? nil : (movie.id, movie.genres.map(\.name)) }, uniquingKeysWith: { first, _ in first })
    }
}
