import MarqueeCore

/// Appends little-endian values to an artifact's bytes.
struct ArtifactWriter {
    private(set) var bytes: [UInt8] = []
    /// The fields appended so far when recording, for structure-aware tests; `nil` otherwise, so encoding pays nothing.
    private(set) var fields: [ArtifactField]?

    /// Creates an empty writer that records the fields it appends when `recordingFields` is set.
    init(recordingFields: Bool = false) {
        fields = recordingFields ? [] : nil
    }

    private mutating func record(_ kind: ArtifactField.Kind) {
        fields?.append(ArtifactField(offset: bytes.count, kind: kind))
    }

    private mutating func appendRaw<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append<T: FixedWidthInteger>(_ value: T) {
        record(.integer(size: MemoryLayout<T>.size))
        appendRaw(value)
    }

    mutating func append(_ value: Float) {
        record(.float(size: 4))
        appendRaw(value.bitPattern)
    }

    mutating func append(_ value: Double) {
        record(.float(size: 8))
        appendRaw(value.bitPattern)
    }

    mutating func append(_ value: Int) { append(Int64(value)) }

    mutating func append(_ value: String) {
        record(.string(length: value.utf8.count))
        appendRaw(UInt32(value.utf8.count))
        bytes.append(contentsOf: value.utf8)
    }

    /// A count followed by the elements' little-endian bytes.
    mutating func append<T: FixedWidthInteger>(array: [T]) {
        record(.array(elementSize: MemoryLayout<T>.size, count: array.count, floats: false))
        appendRaw(UInt64(array.count))
        #if _endian(little)
        array.withUnsafeBytes { bytes.append(contentsOf: $0) }
        #else
        for value in array { appendRaw(value) }
        #endif
    }

    mutating func append(array: [Float]) {
        record(.array(elementSize: 4, count: array.count, floats: true))
        appendRaw(UInt64(array.count))
        #if _endian(little)
        array.withUnsafeBytes { bytes.append(contentsOf: $0) }
        #else
        for value in array { appendRaw(value.bitPattern) }
        #endif
    }

    mutating func append(array: [Int]) { append(array: array.map { Int64($0) }) }

    /// A count followed by the strings (each recorded as a field of its own).
    mutating func append(strings: [String]) {
        record(.strings(count: strings.count))
        appendRaw(UInt64(strings.count))
        for string in strings { append(string) }
    }

    mutating func append(_ rule: FeedbackRule) {
        append(rule.minimumMinutes)
        append(rule.watchWeight)
        append(rule.ratingWeight)
        append(rule.dislikeRating)
        append(rule.neutralRating)
        append(rule.maximumRating)
        append(rule.defaultRuntime)
    }

    mutating func append(_ matrix: FactorMatrix) {
        append(matrix.rows)
        append(matrix.factors)
        append(array: matrix.unpadded)
    }

    mutating func append(_ matrix: InteractionMatrix) {
        append(array: matrix.users.map(\.rawValue))
        append(strings: matrix.movies.map(\.slug))
        append(array: matrix.rowStarts)
        append(array: matrix.columns)
        append(array: matrix.values)
    }

    mutating func append(_ popularity: DemographicPopularity) {
        append(popularity.userCount)
        append(array: popularity.globalCounts)
        let groups = popularity.groupCounts.keys.sorted()
        append(UInt32(groups.count))
        for group in groups {
            append(group)
            append(array: popularity.groupCounts[group] ?? [])
        }
        let cold = popularity.coldUsers.sorted { $0.key < $1.key }
        append(array: cold.map(\.key.rawValue))
        append(array: cold.map(\.value))
    }

    mutating func append(_ context: UserContext) {
        append(context.matrix)
        append(context.coldStart)
    }
}

extension ArtifactWriter {
    mutating func append(_ newMovies: NewMovieColdStart) {
        append(strings: newMovies.movies.map(\.slug))
        append(array: newMovies.peerStarts)
        append(strings: newMovies.peers.map(\.slug))
        append(array: newMovies.weights)
    }
}
