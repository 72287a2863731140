import MarqueeCore

/// Reads little-endian values from an artifact, bounds-checked: any read past the end or any impossible value throws
/// `corruptArtifact` naming the file, so arbitrary bytes never crash the reader.
struct ArtifactReader {
    private let bytes: [UInt8]
    private(set) var offset: Int
    private let end: Int
    /// The file (or other source) the bytes came from, for messages.
    let source: String
    /// The hyperparameters the artifact's header lists, by name: for those that matter only to training (and so are
    /// not among a kind's encoded parameters), such as ALS's `recency_half_life`.
    var headerHyperparameters: [String: String] = [:]

    init(bytes: [UInt8], offset: Int = 0, end: Int? = nil, source: String) {
        self.bytes = bytes
        self.offset = offset
        self.end = end ?? bytes.count
        self.source = source
    }

    var remaining: Int { end - offset }

    func corrupt(_ what: String) -> ModelError {
        ModelError(.corruptArtifact, "model artifact \(source) is corrupt: \(what); retrain or copy the artifact again")
    }

    mutating func read<T: FixedWidthInteger>(_: T.Type = T.self) throws(ModelError) -> T {
        let size = MemoryLayout<T>.size
        guard remaining >= size else { throw corrupt("ends unexpectedly at byte \(offset)") }
        var value: T = 0
        for index in 0..<size { value |= T(truncatingIfNeeded: bytes[offset + index]) << (8 * index) }
        offset += size
        return value
    }

    mutating func readFloat() throws(ModelError) -> Float { Float(bitPattern: try read(UInt32.self)) }
    mutating func readDouble() throws(ModelError) -> Double { Double(bitPattern: try read(UInt64.self)) }

    /// A signed count or size in `allowed`.
    mutating func readInt(_ what: String, in allowed: ClosedRange<Int> = 0...Int(Int32.max)) throws(ModelError) -> Int {
        let value = try read(Int64.self)
        guard value >= Int64(allowed.lowerBound), value <= Int64(allowed.upperBound) else {
            throw corrupt("\(what) is \(value), outside \(allowed.lowerBound)...\(allowed.upperBound)")
        }
        return Int(value)
    }

    mutating func readString() throws(ModelError) -> String {
        let length = Int(try read(UInt32.self))
        guard length <= remaining else { throw corrupt("a string runs past the end") }
        let string = String(decoding: bytes[offset..<(offset + length)], as: UTF8.self)
        offset += length
        return string
    }

    private mutating func readCount(elementSize: Int, _ what: String) throws(ModelError) -> Int {
        let count = try read(UInt64.self)
        guard count <= UInt64(remaining / max(1, elementSize)) else { throw corrupt("\(what) claims \(count) elements, more than the file holds") }
        return Int(count)
    }

    mutating func readArray<T: FixedWidthInteger & BitwiseCopyable>(_: T.Type, _ what: String) throws(ModelError) -> [T] {
        let result: [T] = try readRaw(what)
        #if _endian(little)
        return result
        #else
        return result.map { T(littleEndian: $0) }
        #endif
    }

    /// A count and that many elements copied byte for byte (the file is little-endian).
    private mutating func readRaw<T: BitwiseCopyable>(_ what: String) throws(ModelError) -> [T] {
        let count = try readCount(elementSize: MemoryLayout<T>.size, what)
        let size = count * MemoryLayout<T>.size
        let start = offset
        let result = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { raw in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[start..<(start + size)]))
            }
            initialized = count
        }
        offset += size
        return result
    }

    mutating func readFloats(_ what: String) throws(ModelError) -> [Float] {
        #if _endian(little)
        return try readRaw(what)
        #else
        return try readArray(UInt32.self, what).map { Float(bitPattern: $0) }
        #endif
    }

    mutating func readStrings(_ what: String) throws(ModelError) -> [String] {
        let count = try readCount(elementSize: 4, what)
        var strings: [String] = []
        strings.reserveCapacity(count)
        for _ in 0..<count { strings.append(try readString()) }
        return strings
    }

    mutating func readFeedbackRule() throws(ModelError) -> FeedbackRule {
        let rule = FeedbackRule(
            minimumMinutes: try readInt("minimum minutes", in: Int(Int32.min)...Int(Int32.max)), watchWeight: try readFloat(),
            ratingWeight: try readFloat(), dislikeRating: try readInt("dislike rating", in: Int(Int32.min)...Int(Int32.max)),
            neutralRating: try readInt("neutral rating", in: Int(Int32.min)...Int(Int32.max)),
            maximumRating: try readInt("maximum rating", in: Int(Int32.min)...Int(Int32.max)),
            defaultRuntime: try readInt("default runtime", in: 1...Int(Int32.max)))
        try checkFeedbackRule(rule)
        return rule
    }
}
