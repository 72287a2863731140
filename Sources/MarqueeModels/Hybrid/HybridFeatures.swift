import MarqueeCore

/// The side features of ``HybridTrainer``: what the store knows of users (demographics) and movies (genres).
///
/// A user has up to six active features: everyone, gender, age band, gender × age band, occupation, and the user
/// themself. A movie has its genres, each weighted `1/√(genre count)` so that a movie of many genres does not outscore
/// one of few. The model learns one weight per (user feature, genre); a user's genre preference is the sum over their
/// active features: what people like them like, plus what their own history shows.
struct HybridFeatures: Sendable {
    /// The genre names, sorted: the columns of the movie genre vectors.
    let genres: [String]
    /// Per matrix movie: its genres' indices in ``genres``.
    let movieGenres: [[Int32]]
    /// Per matrix movie: the weight of each of its genres, `1/√count`.
    let movieGenreWeight: [Float]
    /// Per matrix user: the indices of their active features.
    let userFeatures: [[Int32]]
    /// How many user features exist (the rows of the weight table).
    let userFeatureCount: Int
    /// The first personal feature: feature `personalBase + row` is user `row`'s own genre taste.
    let personalBase: Int

    /// Features of the matrix's users and movies.
    init(matrix: InteractionMatrix, users: [UserID: User], genres genreNames: [MovieID: [String]]) {
        genres = Set(matrix.movies.flatMap { genreNames[$0] ?? [] }).sorted()
        let genreIndex = Dictionary(uniqueKeysWithValues: genres.enumerated().map { ($0.element, Int32($0.offset)) })
        movieGenres = matrix.movies.map { movie in Array(Set((genreNames[movie] ?? []).compactMap { genreIndex[$0] })).sorted() }
        movieGenreWeight = movieGenres.map { $0.isEmpty ? 0 : 1 / Float($0.count).squareRoot() }

        let occupations = Set(matrix.users.compactMap { users[$0]?.occupation?.lowercased() }).sorted()
        let occupationIndex = Dictionary(uniqueKeysWithValues: occupations.enumerated().map { ($0.element, $0.offset) })
        // Feature layout: 0 everyone | 1…2 gender | 3…9 age band | 10…33 gender × age band (codes 0…23) | 34… occupation.
        let genderBase = 1
        let bandBase = 3
        let groupBase = 10
        let occupationBase = 34
        personalBase = occupationBase + occupations.count
        userFeatureCount = personalBase + matrix.userCount
        let personalBase = personalBase
        userFeatures = matrix.users.enumerated().map { row, id in
            var features: [Int32] = [0, Int32(personalBase + row)]
            guard let user = users[id] else { return features }
            let group = DemographicGroup(user)
            let gender = Int(group.code / 8)
            let band = Int(group.code % 8)
            if gender > 0 { features.append(Int32(genderBase + gender - 1)) }
            if band > 0 { features.append(Int32(bandBase + band - 1)) }
            if gender > 0, band > 0 { features.append(Int32(groupBase + Int(group.code))) }
            if let occupation = user.occupation?.lowercased(), let index = occupationIndex[occupation] {
                features.append(Int32(occupationBase + index))
            }
            return features
        }
    }
}
