import MarqueeCore

/// Finds the catalogue's movies in what people write about them: robust to case, punctuation, accents, a leading
/// "the", a missing or present year and small typos.
///
/// Built once per catalogue (milliseconds for 27,000 titles); a mention is then looked up by its ``TitleKey`` in a
/// hash table, and only when that fails compared by edit distance with the few titles sharing most of its character
/// trigrams (an inverted index), never with the whole catalogue.
public struct TitleMatcher: Sendable {
    /// A movie the matcher can name.
    public struct Entry: Hashable, Sendable {
        /// The movie.
        public var movie: MovieID
        /// Its title as the catalogue writes it.
        public var title: String
        /// Its release year, if known.
        public var year: Int?
        /// How well known it is (e.g. vote count or popularity): breaks ties between equal titles of different years.
        public var prominence: Double

        /// Creates an entry.
        public init(movie: MovieID, title: String, year: Int?, prominence: Double = 0) {
            self.movie = movie
            self.title = title
            self.year = year
            self.prominence = prominence
        }
    }

    /// The smallest confidence a match is reported with; weaker candidates are unmatched.
    public let minimumConfidence: Double
    let entries: [Entry]
    private let keys: [TitleKey]
    private let keyBytes: [[UInt8]]
    private let trigramCounts: [Int32]
    private let exact: [String: [Int32]]
    private let postings: [UInt32: [Int32]]

    /// Indexes `entries`.
    /// - Parameter minimumConfidence: below this a candidate is not a match (default 0.75: one typo in 4 characters).
    public init(entries: [Entry], minimumConfidence: Double = 0.75) {
        self.entries = entries
        self.minimumConfidence = minimumConfidence
        let keys = entries.map { TitleKey($0.title) }
        self.keys = keys
        self.keyBytes = keys.map { Array($0.text.utf8) }
        var exact: [String: [Int32]] = [:]
        var postings: [UInt32: [Int32]] = [:]
        var counts: [Int32] = []
        counts.reserveCapacity(keys.count)
        for (index, key) in keys.enumerated() {
            exact[key.text, default: []].append(Int32(index))
            let grams = TitleSimilarity.trigrams(of: key.text)
            counts.append(Int32(grams.count))
            for gram in grams { postings[gram, default: []].append(Int32(index)) }
        }
        self.exact = exact
        self.postings = postings
        self.trigramCounts = counts
    }

    /// Indexes a catalogue's movies: title (the slug's words when missing), year from the release date or the slug,
    /// and prominence from the popularity (the vote count when it is missing).
    public init(movies: [Movie], minimumConfidence: Double = 0.75) {
        let entries = movies.map { movie in
            let slugWords = movie.id.slug.split(separator: "+")
            let slugYear = slugWords.last.flatMap { Int($0) }
            let year = movie.releaseDate.flatMap { Int($0.prefix(4)) } ?? slugYear
            let title = movie.title ?? slugWords.dropLast(slugYear == nil ? 0 : 1).joined(separator: " ")
            return Entry(movie: movie.id, title: title, year: year, prominence: movie.popularity ?? Double(movie.voteCount ?? 0))
        }
        self.init(entries: entries, minimumConfidence: minimumConfidence)
    }

    /// Number of movies indexed.
    public var count: Int { entries.count }

    /// The movie `mention` names, with the confidence of the match in (0, 1]; `nil` when none is close enough.
    ///
    /// An exact key is confidence 1 when it names one movie (or the year picks one); titles shared by several movies
    /// go to the year closest to the written one, else the most prominent, at lower confidence, but always match.
    /// Otherwise the closest title within a few edits (one up to 8 characters, two up to 15, three beyond) matches
    /// when `1 − edits / length` reaches ``minimumConfidence``.
    public func match(mention: some StringProtocol) -> TitleMatch? {
        let key = TitleKey(mention)
        guard !key.text.isEmpty else { return nil }
        let written = String(mention)
        if let candidates = exact[key.text], let best = choose(among: candidates, for: key, baseConfidence: 1) {
            return TitleMatch(mention: written, movie: entries[best.index].movie, confidence: best.confidence)
        }
        guard let fuzzy = closest(to: key) else { return nil }
        return TitleMatch(mention: written, movie: entries[fuzzy.index].movie, confidence: fuzzy.confidence)
    }

    /// Picks one of several entries with the same key: the written year decides, then the article, then prominence.
    private func choose(among candidates: [Int32], for key: TitleKey, baseConfidence: Double) -> (index: Int, confidence: Double)? {
        guard !candidates.isEmpty else { return nil }
        func rank(_ index: Int) -> (Int, Int, Double, Int) {
            let entry = entries[index]
            let yearGap = switch (key.year, entry.year) {
            case let (written?, actual?): abs(written - actual)
            case (nil, _): 0
            case (_, nil): 5
            }
            return (min(yearGap, 100), keys[index].hadArticle == key.hadArticle ? 0 : 1, -entry.prominence, index)
        }
        let ranked = candidates.map { Int($0) }.sorted { rank($0) < rank($1) }
        let best = ranked[0]
        let gap = rank(best).0
        var confidence = baseConfidence * (gap == 0 ? 1 : gap == 1 ? 0.9 : 0.6)
        if key.year == nil, ranked.count > 1 {
            // Ambiguous without a year: trust the pick as far as its prominence stands out.
            let total = ranked.reduce(0.0) { $0 + max(entries[$1].prominence, 1) }
            confidence *= max(0.5, max(entries[best].prominence, 1) / total)
        }
        return (best, confidence)
    }

    /// The closest title by edit distance among those sharing the most trigrams with `key`.
    private func closest(to key: TitleKey) -> (index: Int, confidence: Double)? {
        let bytes = Array(key.text.utf8)
        let limit = TitleSimilarity.allowedEdits(length: bytes.count)
        guard limit > 0 else { return nil }
        let grams = TitleSimilarity.trigrams(of: key.text)
        var shared = [UInt16](repeating: 0, count: entries.count)
        var touched: [Int32] = []
        for gram in grams {
            for index in postings[gram] ?? [] {
                if shared[Int(index)] == 0 { touched.append(index) }
                shared[Int(index)] &+= 1
            }
        }
        // Dice coefficient on trigrams, a cheap filter: a few edits cannot destroy most shared trigrams.
        let scored = touched.compactMap { index -> (index: Int, dice: Double)? in
            let dice = 2 * Double(shared[Int(index)]) / Double(Int(trigramCounts[Int(index)]) + grams.count)
            return dice >= 0.25 ? (Int(index), dice) : nil
        }.sorted { $0.dice != $1.dice ? $0.dice > $1.dice : $0.index < $1.index }.prefix(16)
        var best: (index: Int, edits: Int)?
        for candidate in scored {
            let edits = TitleSimilarity.distance(bytes, keyBytes[candidate.index], limit: limit)
            guard edits <= limit else { continue }
            if best == nil || edits < best?.edits ?? .max { best = (candidate.index, edits) }
        }
        guard let best else { return nil }
        let length = max(bytes.count, keyBytes[best.index].count)
        let similarity = 1 - Double(best.edits) / Double(length)
        guard similarity >= minimumConfidence else { return nil }
        return choose(among: exact[keys[best.index].text] ?? [Int32(best.index)], for: key, baseConfidence: similarity)
    }
}

/// A mention found in free text and the movie it names.
public struct TitleMatch: Hashable, Sendable {
    /// The mention as written (trimmed).
    public var mention: String
    /// The movie it names.
    public var movie: MovieID
    /// How sure the match is, in (0, 1]: 1 for an exact title, less for typos, missing years among equal titles.
    public var confidence: Double

    /// Creates a match.
    public init(mention: String, movie: MovieID, confidence: Double) {
        self.mention = mention
        self.movie = movie
        self.confidence = confidence
    }
}
