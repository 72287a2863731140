/// Keeps the `capacity` best (score, index) pairs seen, in a bounded min-heap.
///
/// Ties are broken by the smaller index, so a ranking never depends on the order candidates arrive in.
struct TopK {
    private(set) var scores: [Float] = []
    private(set) var indices: [Int32] = []
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(0, capacity)
        scores.reserveCapacity(self.capacity)
        indices.reserveCapacity(self.capacity)
    }

    /// Whether `(score, index)` ranks below `(otherScore, otherIndex)`.
    @inline(__always)
    private static func worse(_ score: Float, _ index: Int32, than otherScore: Float, _ otherIndex: Int32) -> Bool {
        score < otherScore || (score == otherScore && index > otherIndex)
    }

    /// The lowest score kept once full; candidates at or below it cannot enter (except on an index tie-break).
    @inline(__always)
    var threshold: Float { scores.count < capacity ? -.infinity : scores[0] }

    /// Offers a candidate.
    @inline(__always)
    mutating func offer(_ score: Float, _ index: Int32) {
        guard capacity > 0, !score.isNaN else { return }
        if scores.count < capacity {
            scores.append(score)
            indices.append(index)
            siftUp(scores.count - 1)
        } else if Self.worse(scores[0], indices[0], than: score, index) {
            scores[0] = score
            indices[0] = index
            siftDown(0)
        }
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.worse(scores[child], indices[child], than: scores[parent], indices[parent]) else { return }
            scores.swapAt(child, parent)
            indices.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        let count = scores.count
        while true {
            let left = 2 * parent + 1
            guard left < count else { return }
            var smallest = left
            let right = left + 1
            if right < count, Self.worse(scores[right], indices[right], than: scores[left], indices[left]) { smallest = right }
            guard Self.worse(scores[smallest], indices[smallest], than: scores[parent], indices[parent]) else { return }
            scores.swapAt(smallest, parent)
            indices.swapAt(smallest, parent)
            parent = smallest
        }
    }

    /// The kept pairs, best first.
    func sorted() -> [(score: Float, index: Int32)] {
        zip(scores, indices).map { (score: $0.0, index: $0.1) }.sorted {
            $0.score != $1.score ? $0.score > $1.score : $0.index < $1.index
        }
    }
}
