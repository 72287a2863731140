import MarqueeCore

/// The cold-start path for new movies: catalogue movies with genres that no training interaction mentions.
///
/// Each new movie is tied to its *genre peers*: up to ``peersPerMovie`` known movies with the most similar genre set
/// (Jaccard similarity of the genre names; ties go to the movie with more training interactions, then to the slug).
/// A model's estimate of a new movie for a user is the similarity-weighted mean of the model's own scores of those
/// peers for that user, so the estimate is personal and on the model's scale: for a factor model it equals the dot
/// product with the weighted mean of the peers' factors. Movies without genres have no peers and stay unknown.
public struct NewMovieColdStart: Sendable, Hashable {
    /// How many known movies stand in for one new movie.
    public static let peersPerMovie = 20

    /// The new movies, in slug order.
    public let movies: [MovieID]
    /// `peerStarts[i]..<peerStarts[i + 1]` indexes the peers of `movies[i]` in ``peers`` and ``weights``.
    let peerStarts: [Int]
    /// The known peer movies of every new movie, concatenated.
    let peers: [MovieID]
    /// The genre similarity of each peer, in `(0, 1]`.
    let weights: [Float]
    /// Every peer once, in order of first appearance in ``peers``.
    let distinctPeers: [MovieID]
    /// For each entry of ``peers``, its position in ``distinctPeers``.
    let peerSlots: [Int32]

    /// Assembles the path from its parts (artifact decoding validates them).
    init(movies: [MovieID], peerStarts: [Int], peers: [MovieID], weights: [Float]) {
        self.movies = movies
        self.peerStarts = peerStarts
        self.peers = peers
        self.weights = weights
        var slotOf: [MovieID: Int32] = [:]
        var distinct: [MovieID] = []
        peerSlots = peers.map { peer in
            if let slot = slotOf[peer] { return slot }
            let slot = Int32(distinct.count)
            slotOf[peer] = slot
            distinct.append(peer)
            return slot
        }
        distinctPeers = distinct
    }

    /// Finds the new movies of `data`'s catalogue, those no interaction of `data` mentions, and their genre peers among
    /// `known` (the movies the model scores).
    public init(data: TrainingData, known: Set<MovieID>) {
        var interactionCounts: [MovieID: Int] = [:]
        for interaction in data.interactions { interactionCounts[interaction.movie, default: 0] += 1 }
        let vocabulary = GenreVocabulary(data.genres.values)
        var knownMasks: [(movie: MovieID, mask: GenreVocabulary.Mask, count: Int)] = []
        var newMasks: [(movie: MovieID, mask: GenreVocabulary.Mask)] = []
        for (movie, genres) in data.genres {
            let mask = vocabulary.mask(of: genres)
            guard !mask.isEmpty else { continue }
            if known.contains(movie) {
                knownMasks.append((movie, mask, interactionCounts[movie] ?? 0))
            } else if interactionCounts[movie] == nil {
                // Only movies nobody has interacted with are new; one the model dropped (e.g. only disliked) is not.
                newMasks.append((movie, mask))
            }
        }
        newMasks.sort { $0.movie < $1.movie }
        var starts = [0]
        var peers: [MovieID] = []
        var weights: [Float] = []
        var movies: [MovieID] = []
        for (movie, mask) in newMasks {
            let ranked = knownMasks.compactMap { candidate -> (movie: MovieID, similarity: Float, count: Int)? in
                let similarity = mask.jaccard(candidate.mask)
                return similarity > 0 ? (candidate.movie, similarity, candidate.count) : nil
            }.sorted { lhs, rhs in
                if lhs.similarity != rhs.similarity { return lhs.similarity > rhs.similarity }
                if lhs.count != rhs.count { return lhs.count > rhs.count }
                return lhs.movie < rhs.movie
            }.prefix(Self.peersPerMovie)
            guard !ranked.isEmpty else { continue }
            movies.append(movie)
            peers.append(contentsOf: ranked.map(\.movie))
            weights.append(contentsOf: ranked.map(\.similarity))
            starts.append(peers.count)
        }
        self.init(movies: movies, peerStarts: starts, peers: peers, weights: weights)
    }

    /// Whether there is no new movie to place.
    public var isEmpty: Bool { movies.isEmpty }

    /// The position of `movie` in ``movies``, or `nil` when it is not a new movie.
    func index(of movie: MovieID) -> Int? { movies.indexInSorted(movie) }

    /// The genre peers of new movie `index` with their similarity weights.
    func peers(of index: Int) -> ArraySlice<(movie: MovieID, weight: Float)> {
        let range = peerStarts[index]..<peerStarts[index + 1]
        return ArraySlice(range.map { (peers[$0], weights[$0]) })
    }

    /// The positions in ``movies`` of the new movies not in `excluded`, in order.
    func indices(excluding excluded: Set<MovieID>) -> [Int] {
        guard !excluded.isEmpty else { return Array(movies.indices) }
        var kept = [Bool](repeating: true, count: movies.count)
        for movie in excluded { if let index = index(of: movie) { kept[index] = false } }
        return movies.indices.filter { kept[$0] }
    }

    /// `model`'s estimated score for `user` of each new movie at `indices`: the weighted mean of its peers' scores.
    /// A movie none of whose peers the model scores gets `nil`. When the movies asked about have at least as many peers
    /// as there are distinct peers in all (a model trained on little data, where most of the catalogue is new), every
    /// distinct peer is scored once and looked up by its slot; otherwise only the peers of `indices` are scored.
    func estimates(for user: UserID, indices: [Int], from model: any Recommender) -> [Double?] {
        let peersAsked = indices.reduce(0) { $0 + peerStarts[$1 + 1] - peerStarts[$1] }
        guard peersAsked < distinctPeers.count else {
            let scores = model.scores(for: user, movies: distinctPeers)
            return indices.map { index in
                var total = 0.0
                var weight = 0.0
                for position in peerStarts[index]..<peerStarts[index + 1] {
                    guard let score = scores[Int(peerSlots[position])] else { continue }
                    total += Double(weights[position]) * score
                    weight += Double(weights[position])
                }
                return weight > 0 ? total / weight : nil
            }
        }
        var distinct: [MovieID: Int] = [:]
        var asked: [MovieID] = []
        for index in indices {
            for position in peerStarts[index]..<peerStarts[index + 1] where distinct[peers[position]] == nil {
                distinct[peers[position]] = asked.count
                asked.append(peers[position])
            }
        }
        let scores = model.scores(for: user, movies: asked)
        return indices.map { index in
            var total = 0.0
            var weight = 0.0
            for position in peerStarts[index]..<peerStarts[index + 1] {
                guard let slot = distinct[peers[position]], let score = scores[slot] else { continue }
                total += Double(weights[position]) * score
                weight += Double(weights[position])
            }
            return weight > 0 ? total / weight : nil
        }
    }

    var memoryBytes: Int { movies.count * 24 + peerStarts.count * 8 + peers.count * 24 + distinctPeers.count * 16 }
}

/// Genre names as bits, for fast Jaccard similarity: the 64 most frequent genres count, rarer ones are ignored.
struct GenreVocabulary {
    /// A set of genres as bits.
    struct Mask {
        var bits: UInt64

        var isEmpty: Bool { bits == 0 }

        /// |A ∩ B| / |A ∪ B|.
        func jaccard(_ other: Mask) -> Float {
            let union = (bits | other.bits).nonzeroBitCount
            return union == 0 ? 0 : Float((bits & other.bits).nonzeroBitCount) / Float(union)
        }
    }

    private let bitOfGenre: [String: Int]

    /// The vocabulary of the genre lists `lists`, keeping the 64 most frequent (ties by name).
    init(_ lists: some Sequence<[String]>) {
        var frequency: [String: Int] = [:]
        for list in lists {
            for genre in Set(list.map(Self.normalised)) { frequency[genre, default: 0] += 1 }
        }
        let kept = frequency.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(64)
        bitOfGenre = Dictionary(uniqueKeysWithValues: kept.enumerated().map { ($0.element.key, $0.offset) })
    }

    func mask(of genres: [String]) -> Mask {
        var bits: UInt64 = 0
        for genre in genres {
            if let bit = bitOfGenre[Self.normalised(genre)] { bits |= 1 << UInt64(bit) }
        }
        return Mask(bits: bits)
    }

    private static func normalised(_ genre: String) -> String { genre.lowercased() }
}
