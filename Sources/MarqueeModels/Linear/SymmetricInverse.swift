/// The inverse of a dense symmetric positive-definite matrix, in place, by Gauss–Jordan elimination.
///
/// Without pivoting, which is stable for positive-definite matrices. It takes `size³` multiply-adds; at each step
/// the rows are updated in parallel, each from the pivot row and itself only, so the result does not depend on the
/// thread count. EASE inverts its movie × movie Gram matrix with it.
enum SymmetricInverse {
    /// Replaces the row-major `size × size` `matrix` by its inverse; `false` (and `matrix` undefined) when a pivot
    /// is not positive, i.e. the matrix is not positive definite, or when `matrix` does not hold `size × size` values.
    static func invert(_ matrix: inout [Double], size: Int, threads: Int) -> Bool {
        guard matrix.count == size * size else { return false }
        return matrix.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return size == 0 }
            let shared = UncheckedSendable(base)
            for pivotRow in 0..<size {
                let pivotRowStart = base + pivotRow * size
                let pivot = pivotRowStart[pivotRow]
                guard pivot > 0, pivot.isFinite else { return false }
                pivotRowStart[pivotRow] = 1
                let inversePivot = 1 / pivot
                for column in 0..<size { pivotRowStart[column] *= inversePivot }
                Parallel.forEachChunk(count: size, chunkSize: 32, threads: threads) { rows in
                    let base = shared.value
                    let pivotRowStart = base + pivotRow * size
                    for row in rows where row != pivotRow {
                        let rowStart = base + row * size
                        let factor = rowStart[pivotRow]
                        guard factor != 0 else { continue }
                        rowStart[pivotRow] = 0
                        for column in 0..<size { rowStart[column] -= factor * pivotRowStart[column] }
                    }
                }
            }
            return true
        }
    }
}
