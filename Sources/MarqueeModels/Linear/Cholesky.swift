/// The Cholesky factor `L` of a symmetric positive-definite matrix (`A = L Lᵀ`), for small dense solves.
struct Cholesky {
    private let lower: [Double]
    private let size: Int

    /// Factors the row-major `size × size` matrix, or `nil` when it is not positive definite.
    init?(_ matrix: [Double], size: Int) {
        var lower = [Double](repeating: 0, count: size * size)
        for i in 0..<size {
            for j in 0...i {
                var sum = matrix[i * size + j]
                for k in 0..<j { sum -= lower[i * size + k] * lower[j * size + k] }
                if i == j {
                    guard sum > 0 else { return nil }
                    lower[i * size + i] = sum.squareRoot()
                } else {
                    lower[i * size + j] = sum / lower[j * size + j]
                }
            }
        }
        self.lower = lower
        self.size = size
    }

    /// `A⁻¹ b`.
    func solve(_ b: [Double]) -> [Double] {
        var y = b
        for i in 0..<size {
            var sum = y[i]
            for k in 0..<i { sum -= lower[i * size + k] * y[k] }
            y[i] = sum / lower[i * size + i]
        }
        for i in stride(from: size - 1, through: 0, by: -1) {
            var sum = y[i]
            for k in (i + 1)..<size { sum -= lower[k * size + i] * y[k] }
            y[i] = sum / lower[i * size + i]
        }
        return y
    }
}
