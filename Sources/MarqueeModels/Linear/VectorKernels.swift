/// SIMD kernels over factor rows. Every row length is a multiple of 8 (rows are zero-padded), so each loop runs
/// whole `SIMD8<Float>` lanes with unaligned loads and no scalar tail.
enum VectorKernels {
    @inline(__always)
    static func load(_ pointer: UnsafePointer<Float>, _ offset: Int) -> SIMD8<Float> {
        UnsafeRawPointer(pointer + offset).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always)
    static func store(_ value: SIMD8<Float>, _ pointer: UnsafeMutablePointer<Float>, _ offset: Int) {
        UnsafeMutableRawPointer(pointer + offset).storeBytes(of: value, as: SIMD8<Float>.self)
    }

    /// `a · b` over `count` floats (a multiple of 8).
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var sum0 = SIMD8<Float>()
        var sum1 = SIMD8<Float>()
        var offset = 0
        while offset + 16 <= count {
            sum0 += load(a, offset) * load(b, offset)
            sum1 += load(a, offset + 8) * load(b, offset + 8)
            offset += 16
        }
        if offset < count { sum0 += load(a, offset) * load(b, offset) }
        return (sum0 + sum1).sum()
    }

    /// `y += scale × x` over `count` floats (a multiple of 8).
    @inline(__always)
    static func axpy(_ scale: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        let factor = SIMD8<Float>(repeating: scale)
        var offset = 0
        while offset < count {
            store(load(UnsafePointer(y), offset) + factor * load(x, offset), y, offset)
            offset += 8
        }
    }

    /// `y = a + scale × b` over `count` floats (a multiple of 8); `y` may alias `a` or `b`.
    @inline(__always)
    static func combine(
        _ a: UnsafePointer<Float>, _ scale: Float, _ b: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int
    ) {
        let factor = SIMD8<Float>(repeating: scale)
        var offset = 0
        while offset < count {
            store(load(a, offset) + factor * load(b, offset), y, offset)
            offset += 8
        }
    }

    /// `y = M x` for a square row-major `count × count` matrix `M` (`count` a multiple of 8).
    @inline(__always)
    static func multiply(
        _ matrix: UnsafePointer<Float>, _ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int
    ) {
        // Column form: y = Σ_j x_j · M[j] (M is symmetric in every use), which keeps y in registers for small counts.
        var offset = 0
        while offset < count {
            store(SIMD8<Float>(), y, offset)
            offset += 8
        }
        for column in 0..<count {
            axpy(x[column], matrix + column * count, y, count: count)
        }
    }
}

/// Rounds a factor count up to the padded row stride.
@inline(__always)
func paddedStride(_ factors: Int) -> Int { (factors + 7) / 8 * 8 }
