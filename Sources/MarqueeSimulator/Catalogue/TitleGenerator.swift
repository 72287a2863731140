/// Makes plausible movie titles from word lists, e.g. "The Silent Harbor" or "Clara's Last Winter".
struct TitleGenerator {
    static let adjectives = [
        "silent", "broken", "last", "golden", "dark", "hidden", "lost", "crimson", "frozen", "endless", "secret", "wild",
        "burning", "quiet", "distant", "electric", "hollow", "midnight", "iron", "silver", "savage", "gentle", "bitter",
        "sweet", "forgotten", "invisible", "restless", "fearless", "wicked", "sacred", "shattered", "painted", "lonely",
        "velvet", "violent", "final", "first", "little", "great", "perfect", "strange", "brave", "cold", "hot", "blue",
        "red", "black", "white", "green", "pale", "deadly", "lucky", "eternal", "hungry", "northern", "southern", "wandering",
        "falling", "rising", "burning", "careless", "beautiful", "dangerous", "ordinary", "impossible", "infinite", "rogue",
        "twisted", "fragile", "royal", "crooked", "neon", "scarlet", "blind", "desperate", "tender", "reckless", "ancient",
        "modern", "haunted", "stolen", "borrowed", "narrow", "open", "empty", "bright", "heavy", "savage", "secondhand",
    ]
    static let nouns = [
        "harbor", "road", "river", "city", "dream", "night", "summer", "winter", "storm", "heart", "shadow", "kingdom", "island",
        "garden", "mirror", "promise", "secret", "witness", "stranger", "hunter", "soldier", "queen", "king", "empire",
        "machine", "ghost", "planet", "station", "frontier", "valley", "mountain", "desert", "ocean", "forest", "tower",
        "bridge", "house", "hotel", "train", "letter", "song", "dance", "game", "war", "peace", "journey", "voyage", "escape",
        "return", "legacy", "signal", "echo", "horizon", "moon", "sun", "star", "sky", "fire", "ice", "stone", "blood",
        "gold", "silence", "truth", "lie", "memory", "affair", "bargain", "heist", "job", "deal", "wedding", "funeral",
        "reunion", "party", "season", "dawn", "dusk", "midnight", "weekend", "holiday", "circus", "carnival", "orchestra",
        "detective", "doctor", "teacher", "pilot", "sailor", "thief", "spy", "witch", "wolf", "dragon", "robot", "angel",
        "saint", "sinner", "outlaw", "sheriff", "prophet", "rebel", "orphan", "widow", "bride", "twins", "brothers", "sisters",
        "family", "colony", "signal", "crossing", "border", "harvest", "flood", "fever", "code", "protocol", "archive",
    ]
    static let names = [
        "clara", "jack", "maya", "leo", "nora", "sam", "eliza", "max", "ruby", "oscar", "ada", "felix", "iris", "hugo",
        "lena", "theo", "june", "arthur", "vera", "milo", "hazel", "otto", "ivy", "jonah", "stella", "rosa", "victor",
        "alice", "marcus", "frida", "walter", "greta", "dante", "elsa", "bruno", "martha", "simon", "olive", "henry", "lucy",
        "emil", "ines", "paolo", "yuki", "ravi", "amara", "kofi", "sofia", "diego", "anya",
    ]
    static let places = [
        "brooklyn", "paris", "tokyo", "berlin", "cairo", "havana", "memphis", "vienna", "lisbon", "texas", "alaska", "mars",
        "venice", "shanghai", "bombay", "casablanca", "london", "chicago", "nevada", "montana", "sicily", "harlem", "saigon",
        "marseille", "dublin", "oslo", "kyoto", "rio", "nairobi", "manhattan", "hollywood", "tangier", "the north", "the south",
        "the valley", "the coast", "the moon", "the deep", "eden", "babylon", "atlantis", "avalon", "arcadia", "sundown",
    ]
    static let gerunds = [
        "finding", "chasing", "saving", "leaving", "loving", "hunting", "remembering", "waiting for", "becoming", "killing",
        "meeting", "losing", "fighting", "searching for", "dancing with", "running from", "escaping", "defending", "burying",
        "raising",
    ]
    static let subtitles = [
        "part ii", "part iii", "the beginning", "the reckoning", "the return", "reloaded", "origins", "resurrection",
        "the final chapter", "revenge", "legacy", "a new dawn", "the lost years", "judgment day", "the awakening",
        "redemption", "uprising", "homecoming",
    ]
    static let numbers = ["two", "three", "seven", "nine", "twelve", "forty", "hundred", "thousand", "one", "five"]

    /// A title for the `attempt`-th try; later attempts use richer templates so collisions become rare.
    static func title(using rng: inout some RandomNumberGenerator, attempt: Int) -> String {
        func pick(_ words: [String]) -> String { words[rng.below(words.count)] }
        let template = rng.below(attempt > 3 ? 16 : 14)
        let words: String
        switch template {
        case 0: words = "the \(pick(adjectives)) \(pick(nouns))"
        case 1: words = "\(pick(adjectives)) \(pick(nouns))"
        case 2: words = "the \(pick(nouns)) of \(pick(places))"
        case 3: words = "\(pick(nouns)) of the \(pick(adjectives)) \(pick(nouns))"
        case 4: words = "\(pick(names))'s \(pick(nouns))"
        case 5: words = "\(pick(names)) and the \(pick(adjectives)) \(pick(nouns))"
        case 6: words = "the \(pick(nouns))"
        case 7: words = "\(pick(nouns)): \(pick(subtitles))"
        case 8: words = "a \(pick(nouns)) in \(pick(places))"
        case 9: words = "\(pick(gerunds)) \(pick(names))"
        case 10: words = "\(pick(numbers)) \(plural(pick(nouns)))"
        case 11: words = "\(pick(places)) \(pick(nouns))"
        case 12: words = "\(pick(nouns)) & \(pick(nouns))"
        case 13: words = "\(pick(gerunds)) the \(pick(nouns))"
        case 14: words = "the \(pick(adjectives)) \(pick(nouns)) of \(pick(names))"
        default: words = "\(pick(names)) \(pick(adjectives)): \(pick(subtitles))"
        }
        return capitalised(words)
    }

    /// Title case: every word capitalised except short joining words after the first.
    static func capitalised(_ text: String) -> String {
        let small: Set<Substring> = ["of", "the", "and", "a", "in", "for", "with", "from"]
        var out: [String] = []
        for (index, word) in text.split(separator: " ").enumerated() {
            if index > 0, small.contains(word) {
                out.append(String(word))
            } else if word.count == 2 || word.count == 3, word.allSatisfy({ $0 == "i" }) {
                out.append(word.uppercased())
            } else {
                out.append(word.prefix(1).uppercased() + word.dropFirst())
            }
        }
        return out.joined(separator: " ")
    }

    /// The plural of a noun of the word lists.
    static func plural(_ noun: String) -> String {
        let irregular = ["wolf": "wolves", "thief": "thieves", "peace": "peace", "gold": "gold", "ice": "ice", "silence": "silence"]
        if let plural = irregular[noun] { return plural }
        if noun.hasSuffix("s") { return noun }
        if noun.hasSuffix("x") || noun.hasSuffix("ch") || noun.hasSuffix("sh") { return noun + "es" }
        if noun.hasSuffix("y"), let before = noun.dropLast().last, !"aeiou".contains(before) { return noun.dropLast() + "ies" }
        return noun + "s"
    }

    /// A one-sentence plot summary for a movie with the given primary genre name.
    static func overview(title: String, genre: String, using rng: inout some RandomNumberGenerator) -> String {
        func pick(_ words: [String]) -> String { words[rng.below(words.count)] }
        let who = "\(pick(["a", "an ageing", "a young", "a disgraced", "a reluctant", "a retired"])) \(pick(nouns))"
        let what = pick([
            "must confront", "sets out to find", "is drawn into", "tries to escape", "falls for", "uncovers",
            "fights to protect", "stumbles upon",
        ])
        let object = "the \(pick(adjectives)) \(pick(nouns))"
        let place = pick(places).replacingFirstWord()
        return "In \(place), \(who) \(what) \(object). A \(genre.lowercased()) about \(plural(pick(nouns))) and \(plural(pick(nouns)))."
    }
}

extension String {
    /// Capitalises the first letter, for places used at the start of a clause.
    fileprivate func replacingFirstWord() -> String { prefix(1).uppercased() + dropFirst() }
}
