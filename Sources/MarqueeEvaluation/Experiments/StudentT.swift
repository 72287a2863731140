import Foundation

/// Student's t distribution with a real number of degrees of freedom (Welch's test gives fractional ones).
public enum StudentT {
    /// P(T ≤ `t`) for `degreesOfFreedom` > 0, from the regularized incomplete beta function.
    public static func cdf(_ t: Double, degreesOfFreedom: Double) -> Double {
        precondition(degreesOfFreedom > 0, "a t distribution needs positive degrees of freedom")
        if t.isInfinite { return t > 0 ? 1 : 0 }
        // P(|T| > |t|) = I_{ν/(ν+t²)}(ν/2, 1/2)
        let x = degreesOfFreedom / (degreesOfFreedom + t * t)
        let tail = 0.5 * regularizedIncompleteBeta(a: degreesOfFreedom / 2, b: 0.5, x: x)
        return t > 0 ? 1 - tail : tail
    }

    /// P(|T| ≥ |t|): the two-sided p-value of a t statistic.
    public static func twoSidedPValue(_ t: Double, degreesOfFreedom: Double) -> Double {
        precondition(degreesOfFreedom > 0, "a t distribution needs positive degrees of freedom")
        if t.isInfinite { return 0 }
        let x = degreesOfFreedom / (degreesOfFreedom + t * t)
        return min(1, regularizedIncompleteBeta(a: degreesOfFreedom / 2, b: 0.5, x: x))
    }

    /// The `p`-quantile for `p` in (0, 1), found by bisection on ``cdf(_:degreesOfFreedom:)``.
    public static func quantile(_ p: Double, degreesOfFreedom: Double) -> Double {
        precondition(p > 0 && p < 1, "a quantile needs a probability strictly between 0 and 1")
        if p == 0.5 { return 0 }
        // The quantile is odd in p − 1/2: find the positive t whose upper tail is the smaller tail of p,
        // comparing tails rather than distribution values so that extreme p keep their precision.
        let tail = min(p, 1 - p)
        func upperTail(_ t: Double) -> Double { twoSidedPValue(t, degreesOfFreedom: degreesOfFreedom) / 2 }
        var high = max(1.0, -StandardNormal.quantile(tail))
        while upperTail(high) > tail, high < 1e300 { high *= 2 }
        var low = 0.0
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if middle == low || middle == high { break }
            if upperTail(middle) > tail { low = middle } else { high = middle }
        }
        let t = (low + high) / 2
        return p > 0.5 ? t : -t
    }

    /// The two-sided critical value for `confidence` (e.g. 2.262157 for 0.95 with 9 degrees of freedom).
    static func criticalValue(confidence: Double, degreesOfFreedom: Double) -> Double {
        quantile(1 - (1 - confidence) / 2, degreesOfFreedom: degreesOfFreedom)
    }
}
