/// Walker's alias table: O(1) sampling of an index from fixed non-negative weights.
struct AliasTable: Sendable {
    private var probability: [Double]
    private var alias: [Int32]

    /// Builds the table; weights must not all be zero.
    init(weights: [Double]) {
        let n = weights.count
        let total = weights.reduce(0, +)
        probability = [Double](repeating: 1, count: n)
        alias = [Int32](repeating: 0, count: n)
        guard n > 0, total > 0 else { return }
        var scaled = weights.map { $0 * Double(n) / total }
        var small: [Int] = []
        var large: [Int] = []
        for (index, value) in scaled.enumerated() {
            if value < 1 { small.append(index) } else { large.append(index) }
        }
        while let s = small.popLast(), let l = large.last {
            probability[s] = scaled[s]
            alias[s] = Int32(l)
            scaled[l] -= 1 - scaled[s]
            if scaled[l] < 1 {
                large.removeLast()
                small.append(l)
            }
        }
        for index in large { probability[index] = 1 }
        for index in small { probability[index] = 1 }
    }

    /// Number of outcomes.
    var count: Int { probability.count }

    /// Draws an index with probability proportional to its weight.
    @inline(__always)
    func sample(using rng: inout some RandomNumberGenerator) -> Int {
        let column = rng.below(probability.count)
        return rng.unit() < probability[column] ? column : Int(alias[column])
    }
}
