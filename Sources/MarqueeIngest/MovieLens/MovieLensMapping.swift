import Foundation
import MarqueeCore

/// How MovieLens-100k's vocabulary maps onto Marquee's catalogue.
public enum MovieLensMapping {
    /// MovieLens-100k occupations to the 21 names of ``User/occupations`` (MovieLens-1M's list, which the service uses).
    /// `student` becomes `K-12 student` under 18 and `college/grad student` otherwise (see ``occupation(_:age:)``);
    /// `entertainment` becomes `artist`, `librarian` `academic/educator`, `none` and `other` `other or not specified`.
    public static let occupations: [String: String] = [
        "administrator": "clerical/admin", "artist": "artist", "doctor": "doctor/health care", "educator": "academic/educator",
        "engineer": "technician/engineer", "entertainment": "artist", "executive": "executive/managerial",
        "healthcare": "doctor/health care", "homemaker": "homemaker", "lawyer": "lawyer", "librarian": "academic/educator",
        "marketing": "sales/marketing", "none": "other or not specified", "other": "other or not specified",
        "programmer": "programmer", "retired": "retired", "salesman": "sales/marketing", "scientist": "scientist",
        "student": "college/grad student", "technician": "technician/engineer", "writer": "writer",
    ]

    /// The Marquee occupation of a MovieLens occupation; unknown ones become `other or not specified`.
    public static func occupation(_ movieLens: String, age: Int?) -> String {
        let key = movieLens.lowercased()
        if key == "student", let age, age < 18 { return "K-12 student" }
        return occupations[key] ?? "other or not specified"
    }

    /// MovieLens genres to TMDB genres as the service's movie API names them. `Children's` is TMDB's Family,
    /// `Musical` its Music, `Sci-Fi` its Science Fiction; TMDB has no Film-Noir, which becomes Crime; `unknown` is dropped.
    public static let genres: [String: Genre] = [
        "Action": Genre(id: 28, name: "Action"), "Adventure": Genre(id: 12, name: "Adventure"),
        "Animation": Genre(id: 16, name: "Animation"), "Children's": Genre(id: 10751, name: "Family"),
        "Comedy": Genre(id: 35, name: "Comedy"), "Crime": Genre(id: 80, name: "Crime"), "Documentary": Genre(id: 99, name: "Documentary"),
        "Drama": Genre(id: 18, name: "Drama"), "Fantasy": Genre(id: 14, name: "Fantasy"), "Film-Noir": Genre(id: 80, name: "Crime"),
        "Horror": Genre(id: 27, name: "Horror"), "Musical": Genre(id: 10402, name: "Music"), "Mystery": Genre(id: 9648, name: "Mystery"),
        "Romance": Genre(id: 10749, name: "Romance"), "Sci-Fi": Genre(id: 878, name: "Science Fiction"),
        "Thriller": Genre(id: 53, name: "Thriller"), "War": Genre(id: 10752, name: "War"), "Western": Genre(id: 37, name: "Western"),
    ]

    /// The TMDB genres of a space-separated MovieLens genre list, without repeats, in order.
    public static func genres(_ list: some StringProtocol) -> [Genre] {
        var result: [Genre] = []
        for name in list.split(separator: " ") {
            if let genre = genres[String(name)], !result.contains(genre) { result.append(genre) }
        }
        return result
    }

    /// The slug of a title and year, accents folded (`Misérables, Les` → `miserables+les+1995`). A title without a
    /// usable year takes a 4-digit year in parentheses from the title, else ends in `ml<item id>` instead of a year.
    public static func slug(title: String, year: String, itemID: String) -> MovieID? {
        let folded = title.folding(options: [.diacriticInsensitive, .widthInsensitive], locale: nil)
        if let year = Int(year), year > 0, year <= 9999 { return MovieID.slug(title: folded, year: year) }
        if let match = folded.range(of: #"\((\d{4})\)"#, options: .regularExpression),
            let year = Int(folded[match].dropFirst().dropLast())
        {
            return MovieID.slug(title: folded.replacingCharacters(in: match, with: " "), year: year)
        }
        // slug(title:year:) always ends in "+<year>"; with year 0 that is "+0", replaced by the item id.
        guard let zero = MovieID.slug(title: folded, year: 0) else { return MovieID("ml\(itemID)") }
        return MovieID(zero.slug.dropLast() + "ml\(itemID)")
    }
}
