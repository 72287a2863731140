/// One half-iteration of implicit ALS: every row of `X` re-solved given the other side's factors `Y`, by a few
/// conjugate-gradient steps on `(YᵀY + λI + Yᵀ(Cᵤ − I)Y) xᵤ = Yᵀ Cᵤ pᵤ` warm-started from the current `xᵤ`
/// (`implicit/cpu/_als.pyx`, `least_squares_cg`).
struct ConjugateGradientSolver: Sendable {
    let regularization: Float
    let alpha: Float
    let steps: Int
    let threads: Int

    /// Rows per parallel chunk; fixed, so results do not depend on the thread count.
    static let chunkSize = 512

    func solve(_ x: inout FactorMatrix, given y: FactorMatrix, rowStarts: [Int], columns: [Int32], values: [Float]) {
        let stride = x.stride
        var gram = y.gram(threads: threads)
        for factor in 0..<x.factors { gram[factor * stride + factor] += regularization }
        let alpha = self.alpha
        let steps = self.steps
        let rows = x.rows
        gram.withUnsafeBufferPointer { gramBuffer in
            y.storage.withUnsafeBufferPointer { yBuffer in
                x.storage.withUnsafeMutableBufferPointer { xBuffer in
                    rowStarts.withUnsafeBufferPointer { startsBuffer in
                        columns.withUnsafeBufferPointer { columnsBuffer in
                            values.withUnsafeBufferPointer { valuesBuffer in
                                let shared = UncheckedSendable(
                                    (gramBuffer, yBuffer, xBuffer, startsBuffer, columnsBuffer, valuesBuffer))
                                Parallel.forEachChunk(count: rows, chunkSize: Self.chunkSize, threads: threads) { range in
                                    let (gram, y, x, starts, columns, values) = shared.value
                                    guard let gramBase = gram.baseAddress, let yBase = y.baseAddress, let xBase = x.baseAddress
                                    else { return }
                                    Self.solveRows(
                                        range, x: xBase, y: yBase, gram: gramBase, stride: stride, starts: starts, columns: columns,
                                        values: values, alpha: alpha, steps: steps)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static func solveRows(
        _ range: Range<Int>, x xBase: UnsafeMutablePointer<Float>, y: UnsafePointer<Float>, gram: UnsafePointer<Float>,
        stride: Int, starts: UnsafeBufferPointer<Int>, columns: UnsafeBufferPointer<Int32>, values: UnsafeBufferPointer<Float>,
        alpha: Float, steps: Int
    ) {
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 3 * stride)
        defer { scratch.deallocate() }
        let r = scratch
        let p = scratch + stride
        let ap = scratch + 2 * stride
        for row in range {
            let x = xBase + row * stride
            let entries = starts[row]..<starts[row + 1]
            // r = b − A x = Σ cᵢ yᵢ − YᵀY x − Σ (cᵢ − 1)(yᵢ·x) yᵢ
            VectorKernels.multiply(gram, x, into: r, count: stride)
            for offset in 0..<stride { r[offset] = -r[offset] }
            for entry in entries {
                let item = y + Int(columns[entry]) * stride
                let extra = alpha * values[entry]
                let coefficient = (1 + extra) - extra * VectorKernels.dot(item, x, count: stride)
                VectorKernels.axpy(coefficient, item, r, count: stride)
            }
            p.update(from: r, count: stride)
            var residual = VectorKernels.dot(r, r, count: stride)
            if residual < 1e-20 { continue }
            for _ in 0..<steps {
                // Ap = (YᵀY + λI) p + Σ (cᵢ − 1)(yᵢ·p) yᵢ
                VectorKernels.multiply(gram, p, into: ap, count: stride)
                for entry in entries {
                    let item = y + Int(columns[entry]) * stride
                    let extra = alpha * values[entry]
                    VectorKernels.axpy(extra * VectorKernels.dot(item, p, count: stride), item, ap, count: stride)
                }
                let curvature = VectorKernels.dot(p, ap, count: stride)
                guard curvature > 0 else { break }
                let step = residual / curvature
                VectorKernels.axpy(step, p, x, count: stride)
                VectorKernels.axpy(-step, ap, r, count: stride)
                let next = VectorKernels.dot(r, r, count: stride)
                if next < 1e-20 { break }
                VectorKernels.combine(r, next / residual, p, into: p, count: stride)
                residual = next
            }
        }
    }
}
