import MarqueeCore

@testable import MarqueeModels

/// Mutates an artifact's body field by field, as someone crafting a hostile artifact would: offsets, indices, counts
/// and lengths set to boundary or random values, floats to NaN, infinities or huge values, arrays truncated,
/// extended, reversed or with elements swapped, fields byte-swapped, deleted or duplicated, the body cut short.
///
/// The caller reseals the result with ``ModelArtifact/sealed(_:)``, so the checksum always matches and the decoder's
/// structural checks are what stands between the bytes and the model.
struct ArtifactMutator {
    let fields: [ArtifactField]
    var random: SplitMix64

    /// One mutated body: one structural mutation (which moves later fields), or one to three in place.
    mutating func mutate(_ body: [UInt8]) -> [UInt8] {
        var bytes = body
        if random.nextIndex(below: 3) == 0 {
            mutateStructure(&bytes)
        } else {
            for _ in 0...random.nextIndex(below: 3) { mutateInPlace(&bytes, fields[random.nextIndex(below: fields.count)]) }
        }
        return bytes
    }

    // MARK: In place: same length, so the other fields stay where they were.

    private mutating func mutateInPlace(_ bytes: inout [UInt8], _ field: ArtifactField) {
        switch field.kind {
        case .integer(let size):
            write(integer(replacing: read(bytes, at: field.offset, size: size), size: size), size: size, at: field.offset, in: &bytes)
        case .float(let size):
            write(float(size: size), size: size, at: field.offset, in: &bytes)
        case .string(let length):
            if length == 0 || random.nextIndex(below: 2) == 0 {
                write(integer(replacing: UInt64(length), size: 4), size: 4, at: field.offset, in: &bytes)
            } else {
                let position = field.offset + 4 + random.nextIndex(below: length)
                bytes[position] = [0xFF, 0x00, 0x2F, 0x2B, 0x41, UInt8(truncatingIfNeeded: random.next())][random.nextIndex(below: 6)]
            }
        case .strings(let count):
            write(integer(replacing: UInt64(count), size: 8), size: 8, at: field.offset, in: &bytes)
        case .array(let size, let count, let floats):
            mutateArray(&bytes, at: field.offset, elementSize: size, count: count, floats: floats)
        }
    }

    private mutating func mutateArray(_ bytes: inout [UInt8], at offset: Int, elementSize size: Int, count: Int, floats: Bool) {
        let elements = offset + 8
        guard count > 0, random.nextIndex(below: 5) != 0 else {
            write(integer(replacing: UInt64(count), size: 8), size: 8, at: offset, in: &bytes)
            return
        }
        let index = random.nextIndex(below: count)
        let position = elements + index * size
        switch random.nextIndex(below: 4) {
        case 0:
            // Two elements swapped, e.g. row starts out of order.
            let other = elements + random.nextIndex(below: count) * size
            for byte in 0..<size { bytes.swapAt(position + byte, other + byte) }
        case 1:
            // An element byte-swapped, as a big-endian writer would have stored it.
            bytes[position..<(position + size)].reverse()
        default:
            let value = floats ? float(size: size) : integer(replacing: read(bytes, at: position, size: size), size: size, count: count)
            write(value, size: size, at: position, in: &bytes)
        }
    }

    // MARK: Structural: lengths change, later fields move.

    private mutating func mutateStructure(_ bytes: inout [UInt8]) {
        let field = fields[random.nextIndex(below: fields.count)]
        let end = min(bytes.count, field.offset + field.size)
        switch random.nextIndex(below: 5) {
        case 0:
            // Cut short at a field boundary (the length and checksum are then recomputed for the shorter body).
            bytes.removeSubrange(field.offset...)
        case 1:
            bytes.removeSubrange(field.offset..<end)
        case 2:
            let copy = Array(bytes[field.offset..<end])
            bytes.insert(contentsOf: copy, at: end)
        default:
            guard case .array(let size, let count, _) = field.kind, count > 0 else {
                bytes.removeSubrange(field.offset..<end)
                return
            }
            let elements = field.offset + 8
            if random.nextIndex(below: 2) == 0 {
                // Fewer elements, the count consistent with them.
                let keep = random.nextIndex(below: count)
                bytes.removeSubrange((elements + keep * size)..<(elements + count * size))
                write(UInt64(keep), size: 8, at: field.offset, in: &bytes)
            } else {
                // One more element (a copy of one, or a boundary value), the count consistent with it.
                let source = elements + random.nextIndex(below: count) * size
                var element = Array(bytes[source..<(source + size)])
                if random.nextIndex(below: 2) == 0 { element = bytesOf(integer(replacing: 0, size: size, count: count), size: size) }
                bytes.insert(contentsOf: element, at: elements + random.nextIndex(below: count + 1) * size)
                write(UInt64(count + 1), size: 8, at: field.offset, in: &bytes)
            }
        }
    }

    // MARK: Values

    /// A hostile replacement for the integer `value` of `size` bytes; `count` is the array's length, a likely bound.
    private mutating func integer(replacing value: UInt64, size: Int, count: Int = 0) -> UInt64 {
        let mask: UInt64 = size == 8 ? .max : (1 << UInt64(8 * size)) - 1
        let signedMax: UInt64 = mask >> 1
        let candidates: [UInt64] = [
            0, 1, mask, signedMax, signedMax &+ 1, value &+ 1, value &- 1, value &* 2, value &+ 1000, UInt64(count), UInt64(count) &+ 1,
            UInt64(truncatingIfNeeded: -1000), 1 << 31, 1 << 32, Double.nan.bitPattern, Double.infinity.bitPattern,
            random.nextIndex(below: 1000).asUInt64, random.next(),
        ]
        return candidates[random.nextIndex(below: candidates.count)] & mask
    }

    /// A hostile float of `size` bytes (4 or 8) as its bit pattern.
    private mutating func float(size: Int) -> UInt64 {
        let values: [Double] = [.nan, .infinity, -.infinity, 1e38, -1e38, 3e38, 1e300, 0, -0.0, 1e-45, -1, 1e10, 2, 0.5]
        let value = values[random.nextIndex(below: values.count)]
        if random.nextIndex(below: 8) == 0 { return random.next() & (size == 4 ? 0xFFFF_FFFF : .max) }
        return size == 4 ? UInt64(Float(value).bitPattern) : value.bitPattern
    }

    private func read(_ bytes: [UInt8], at offset: Int, size: Int) -> UInt64 {
        (0..<size).reduce(UInt64(0)) { value, index in value | UInt64(bytes[offset + index]) << UInt64(8 * index) }
    }

    private func bytesOf(_ value: UInt64, size: Int) -> [UInt8] {
        (0..<size).map { UInt8(truncatingIfNeeded: value >> UInt64(8 * $0)) }
    }

    private func write(_ value: UInt64, size: Int, at offset: Int, in bytes: inout [UInt8]) {
        for (index, byte) in bytesOf(value, size: size).enumerated() { bytes[offset + index] = byte }
    }
}

extension Int {
    fileprivate var asUInt64: UInt64 { UInt64(self) }
}
