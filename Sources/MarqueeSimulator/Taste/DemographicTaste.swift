/// How much each demographic group likes each genre, before a seeded perturbation: the signal a
/// demographic-aware or cold-start recommender can find. Values are added to the affinity.
enum DemographicTaste {
    /// Number of demographic groups: gender (M, F) × age band (<18, 18–29, 30–49, 50+).
    static let groupCount = 8

    /// Genre preference of a group, indexed `[group][genre]` in ``GenreTable/genres`` order.
    static func table() -> [[Double]] {
        (0..<groupCount).map { group in
            var row = [Double](repeating: 0, count: GenreTable.genres.count)
            let gender = group >= 4 ? female : male
            let band = ageBands[group % 4]
            for (name, value) in gender { row[GenreTable.index(named: name)] += value }
            for (name, value) in band { row[GenreTable.index(named: name)] += value }
            return row
        }
    }

    /// Extra preference of an occupation, indexed `[occupation][genre]`.
    static func occupationTable() -> [[Double]] {
        (0..<21).map { occupation in
            var row = [Double](repeating: 0, count: GenreTable.genres.count)
            for (name, value) in occupations[occupation] ?? [:] { row[GenreTable.index(named: name)] += value }
            return row
        }
    }

    private static let male: [String: Double] = [
        "Action": 0.35, "Adventure": 0.15, "Science Fiction": 0.3, "War": 0.3, "Western": 0.2, "Horror": 0.1, "Crime": 0.1,
        "Romance": -0.4, "Family": -0.15, "Music": -0.1, "Drama": -0.05,
    ]
    private static let female: [String: Double] = [
        "Romance": 0.45, "Drama": 0.25, "Family": 0.2, "Music": 0.2, "Comedy": 0.1, "Animation": 0.1, "Action": -0.25,
        "War": -0.35, "Western": -0.25, "Science Fiction": -0.2, "Horror": -0.1,
    ]
    private static let ageBands: [[String: Double]] = [
        [
            "Animation": 0.6, "Family": 0.45, "Fantasy": 0.35, "Adventure": 0.3, "Comedy": 0.2, "History": -0.5, "War": -0.4,
            "Western": -0.5, "Documentary": -0.4, "Drama": -0.3, "Romance": -0.2, "Crime": -0.2,
        ],
        [
            "Horror": 0.35, "Science Fiction": 0.25, "Comedy": 0.2, "Action": 0.2, "Thriller": 0.15, "Fantasy": 0.1,
            "History": -0.3, "Western": -0.35, "War": -0.1, "Family": -0.3,
        ],
        [
            "Thriller": 0.15, "Crime": 0.15, "Drama": 0.1, "Family": 0.1, "Documentary": 0.05, "Horror": -0.1,
            "Animation": -0.2,
        ],
        [
            "Drama": 0.35, "History": 0.4, "War": 0.3, "Western": 0.35, "Documentary": 0.3, "Mystery": 0.2, "Music": 0.1,
            "Horror": -0.45, "Animation": -0.4, "Science Fiction": -0.2, "Fantasy": -0.3, "Action": -0.1,
        ],
    ]
    private static let occupations: [Int: [String: Double]] = [
        1: ["History": 0.2, "Documentary": 0.25],  // academic/educator
        2: ["Drama": 0.2, "Music": 0.2, "Documentary": 0.1],  // artist
        6: ["Drama": 0.1, "Documentary": 0.1],  // doctor/health care
        11: ["Crime": 0.2, "Thriller": 0.1],  // lawyer
        12: ["Science Fiction": 0.25, "Documentary": 0.15, "Fantasy": 0.1],  // programmer
        15: ["Science Fiction": 0.3, "Documentary": 0.2],  // scientist
        17: ["Science Fiction": 0.2, "Action": 0.1],  // technician/engineer
        20: ["Drama": 0.2, "Mystery": 0.15, "Documentary": 0.1],  // writer
    ]
}
