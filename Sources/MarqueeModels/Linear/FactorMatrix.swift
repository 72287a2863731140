import MarqueeCore

/// A dense row-major Float32 matrix of latent factors, one row per user or movie, each row zero-padded to a multiple of 8.
struct FactorMatrix: Sendable, Equatable {
    /// Number of rows.
    let rows: Int
    /// Number of meaningful factors per row.
    let factors: Int
    /// Floats per stored row (``factors`` rounded up to a multiple of 8).
    let stride: Int
    /// The rows, back to back.
    var storage: [Float]

    init(rows: Int, factors: Int) {
        self.rows = rows
        self.factors = factors
        self.stride = paddedStride(factors)
        self.storage = [Float](repeating: 0, count: rows * paddedStride(factors))
    }

    /// Rows initialised uniformly in `[0, scale)` from `generator`, padding left at zero.
    init(rows: Int, factors: Int, uniformScale scale: Float, generator: inout SplitMix64) {
        self.init(rows: rows, factors: factors)
        for row in 0..<rows {
            for factor in 0..<factors { storage[row * stride + factor] = generator.nextUnitFloat() * scale }
        }
    }

    /// Builds a matrix from unpadded rows (`rows × factors` floats).
    init(rows: Int, factors: Int, unpadded: [Float]) {
        self.init(rows: rows, factors: factors)
        if stride == factors {
            storage = unpadded
        } else {
            for row in 0..<rows {
                for factor in 0..<factors { storage[row * stride + factor] = unpadded[row * factors + factor] }
            }
        }
    }

    /// The rows without padding (`rows × factors` floats).
    var unpadded: [Float] {
        if stride == factors { return storage }
        var result = [Float]()
        result.reserveCapacity(rows * factors)
        for row in 0..<rows { result.append(contentsOf: storage[(row * stride)..<(row * stride + factors)]) }
        return result
    }

    /// `Yᵀ Y` as a padded `stride × stride` row-major matrix.
    ///
    /// Rows are summed in Float within fixed 2,048-row chunks and the chunk sums in Double, in chunk order, so the
    /// result is accurate and identical for any thread count.
    func gram(threads: Int) -> [Float] {
        let chunkSize = 2048
        let chunks = (rows + chunkSize - 1) / chunkSize
        let cells = stride * stride
        var partials = [Float](repeating: 0, count: max(1, chunks) * cells)
        let stride = self.stride
        let factors = self.factors
        storage.withUnsafeBufferPointer { rowsBuffer in
            partials.withUnsafeMutableBufferPointer { partialsBuffer in
                let input = UncheckedSendable(rowsBuffer)
                let output = UncheckedSendable(partialsBuffer)
                Parallel.forEachChunk(count: rows, chunkSize: chunkSize, threads: threads) { range in
                    guard let rowsBase = input.value.baseAddress, let outBase = output.value.baseAddress else { return }
                    let out = outBase + (range.lowerBound / chunkSize) * cells
                    for row in range {
                        let vector = rowsBase + row * stride
                        for i in 0..<factors where vector[i] != 0 {
                            VectorKernels.axpy(vector[i], vector, out + i * stride, count: stride)
                        }
                    }
                }
            }
        }
        var sums = [Double](repeating: 0, count: cells)
        for chunk in 0..<chunks {
            for cell in 0..<cells { sums[cell] += Double(partials[chunk * cells + cell]) }
        }
        return sums.map { Float($0) }
    }

    var memoryBytes: Int { storage.count * 4 }
}
