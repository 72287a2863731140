import MarqueeCore

/// The JSON bodies of the user and movie API, written by hand so field order and shape match the
/// service (SPEC.md §2): `{"user_id": 4711, "age": 34, "occupation": "scientist", "gender": "F"}`
/// and a TMDB-style movie record, with some numbers as strings as the real API sends them.
enum CatalogueJSON {
    /// Writes `user`'s record; the self-description answers go under `fields` (the keys the service is configured with).
    static func user(_ user: User, fields: SelfDescriptionFields = .init(), to out: inout [UInt8]) {
        out.append(contentsOf: #"{"user_id": "#.utf8)
        out.append(contentsOf: String(user.id.rawValue).utf8)
        if let age = user.age {
            out.append(contentsOf: #", "age": "#.utf8)
            out.append(contentsOf: String(age).utf8)
        }
        if let occupation = user.occupation {
            out.append(contentsOf: #", "occupation": "#.utf8)
            string(occupation, to: &out)
        }
        if let gender = user.gender {
            out.append(contentsOf: #", "gender": "#.utf8)
            string(gender, to: &out)
        }
        if let likes = user.likes {
            out.append(contentsOf: ", ".utf8)
            string(fields.likes, to: &out)
            out.append(contentsOf: ": ".utf8)
            string(likes, to: &out)
        }
        if let dislikes = user.dislikes {
            out.append(contentsOf: ", ".utf8)
            string(fields.dislikes, to: &out)
            out.append(contentsOf: ": ".utf8)
            string(dislikes, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    static func movie(_ movie: Movie, index: Int, to out: inout [UInt8]) {
        var first = true
        func key(_ name: String) {
            out.append(contentsOf: (first ? "{\"" : ", \"").utf8)
            first = false
            out.append(contentsOf: name.utf8)
            out.append(contentsOf: "\": ".utf8)
        }
        func text(_ name: String, _ value: String?) {
            key(name)
            if let value { string(value, to: &out) } else { out.append(contentsOf: "null".utf8) }
        }
        func raw(_ name: String, _ value: String) {
            key(name)
            out.append(contentsOf: value.utf8)
        }
        let language = movie.originalLanguage ?? "en"
        let country = countries[language] ?? ("US", "United States of America")
        let studio = studios[(index &* 7 &+ movie.id.slug.utf8.count) % studios.count]
        text("id", movie.id.slug)
        raw("tmdb_id", movie.tmdbID.map(String.init) ?? "null")
        text("imdb_id", movie.imdbID)
        text("title", movie.title)
        text("original_title", movie.originalTitle)
        text("adult", movie.adult.map { $0 ? "True" : "False" })
        raw("belongs_to_collection", "{}")
        text("budget", movie.budget.map { String(Int64($0)) })
        key("genres")
        out.append(UInt8(ascii: "["))
        for (position, genre) in movie.genres.enumerated() {
            out.append(contentsOf: (position == 0 ? #"{"id": "# : #", {"id": "#).utf8)
            out.append(contentsOf: String(genre.id).utf8)
            out.append(contentsOf: #", "name": "#.utf8)
            string(genre.name, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
        raw("homepage", index % 3 == 0 ? "\"http://www.\(movie.id.slug.filter { $0.isLetter }.prefix(24))movie.com/\"" : "null")
        text("original_language", language)
        text("overview", movie.overview)
        text("popularity", movie.popularity.map { String($0) })
        text("poster_path", "/\(String(UInt64(truncatingIfNeeded: movie.tmdbID ?? index) &* 0x9E37_79B9_7F4A_7C15, radix: 36)).jpg")
        raw("production_companies", "[{\"name\": \"\(studio)\", \"id\": \(1000 + (index % 997))}]")
        raw("production_countries", "[{\"iso_3166_1\": \"\(country.0)\", \"name\": \"\(country.1)\"}]")
        text("release_date", movie.releaseDate)
        text("revenue", movie.revenue.map { String(Int64($0)) })
        raw("runtime", movie.runtime.map(String.init) ?? "null")
        raw("spoken_languages", "[{\"iso_639_1\": \"\(language)\", \"name\": \"\(languageNames[language] ?? language)\"}]")
        text("status", movie.status)
        text("vote_average", movie.voteAverage.map { String($0) })
        raw("vote_count", movie.voteCount.map(String.init) ?? "null")
        raw("cost", movie.cost.map { String($0) } ?? "null")
        out.append(UInt8(ascii: "}"))
    }

    static func error(_ message: String, id: String? = nil, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"error": "#.utf8)
        string(message, to: &out)
        if let id {
            out.append(contentsOf: #", "id": "#.utf8)
            string(id, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// Appends `value` as a JSON string literal.
    static func string(_ value: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
            case 0x0A: out.append(contentsOf: #"\n"#.utf8)
            case 0x0D: out.append(contentsOf: #"\r"#.utf8)
            case 0x09: out.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: #"\u00"#.utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 15)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    static let studios = [
        "Paramount", "Universal Pictures", "Warner Bros.", "Columbia Pictures", "Lionsgate", "A24", "Studio Ghibli",
        "Gaumont", "Toho", "Miramax", "New Line Cinema", "Focus Features", "Pathé", "Constantin Film", "Blumhouse",
    ]
    static let countries: [String: (String, String)] = [
        "en": ("US", "United States of America"), "fr": ("FR", "France"), "es": ("ES", "Spain"), "de": ("DE", "Germany"),
        "ja": ("JP", "Japan"), "ko": ("KR", "South Korea"), "it": ("IT", "Italy"), "hi": ("IN", "India"), "zh": ("CN", "China"),
        "sv": ("SE", "Sweden"), "pt": ("BR", "Brazil"), "da": ("DK", "Denmark"),
    ]
    static let languageNames = [
        "en": "English", "fr": "Français", "es": "Español", "de": "Deutsch", "ja": "日本語", "ko": "한국어/조선말",
        "it": "Italiano", "hi": "हिन्दी", "zh": "普通话", "sv": "svenska", "pt": "Português", "da": "Dansk",
    ]
}
