import MarqueeCore

extension Explanation.Reason {
    /// Orders reasons by decreasing contribution, then by movie slug, so explanations are deterministic.
    static func strongerFirst(_ lhs: Explanation.Reason, _ rhs: Explanation.Reason) -> Bool {
        if lhs.contribution != rhs.contribution { return lhs.contribution > rhs.contribution }
        let left = lhs.movie?.slug ?? ""
        let right = rhs.movie?.slug ?? ""
        return left < right
    }
}
