import Foundation

/// The regularized incomplete beta function I_x(a, b), for a, b > 0 and x in [0, 1].
///
/// Evaluates the continued fraction of I_x(a, b) by the modified Lentz method, on the side of the symmetry
/// I_x(a, b) = 1 − I_{1−x}(b, a) where it converges fast (x below (a + 1) / (a + b + 2)).
func regularizedIncompleteBeta(a: Double, b: Double, x: Double) -> Double {
    precondition(a > 0 && b > 0, "the incomplete beta function needs positive shape parameters")
    if x <= 0 { return 0 }
    if x >= 1 { return 1 }
    // ln of x^a (1 − x)^b / B(a, b)
    let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
    if x < (a + 1) / (a + b + 2) {
        return exp(logFront) * betaContinuedFraction(a: a, b: b, x: x) / a
    }
    return 1 - exp(logFront) * betaContinuedFraction(a: b, b: a, x: 1 - x) / b
}

/// The continued fraction 1 / (1 + d₁ / (1 + d₂ / (1 + …))) of the incomplete beta function, by modified Lentz.
private func betaContinuedFraction(a: Double, b: Double, x: Double) -> Double {
    let tiny = 1e-300
    let epsilon = 1e-15
    let maximumIterations = 100_000
    let qab = a + b
    let qap = a + 1
    let qam = a - 1
    var c = 1.0
    var d = 1 - qab * x / qap
    if abs(d) < tiny { d = tiny }
    d = 1 / d
    var h = d
    for m in 1...maximumIterations {
        let m = Double(m)
        let m2 = 2 * m
        // Even step: d_{2m} = m (b − m) x / ((a + 2m − 1)(a + 2m))
        var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1 + aa * d
        if abs(d) < tiny { d = tiny }
        c = 1 + aa / c
        if abs(c) < tiny { c = tiny }
        d = 1 / d
        h *= d * c
        // Odd step: d_{2m+1} = −(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1))
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1 + aa * d
        if abs(d) < tiny { d = tiny }
        c = 1 + aa / c
        if abs(c) < tiny { c = tiny }
        d = 1 / d
        let delta = d * c
        h *= delta
        if abs(delta - 1) < epsilon { break }
    }
    return h
}
