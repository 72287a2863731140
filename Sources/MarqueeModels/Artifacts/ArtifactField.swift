/// One field of an encoded artifact, as ``ArtifactWriter`` appended it: where it starts and what it holds.
///
/// Only structure-aware tests record fields: they mutate an artifact field by field, as someone crafting one would,
/// then reseal it with a correct checksum (see ``ModelArtifact/sealed(_:)``).
struct ArtifactField: Sendable, Equatable {
    /// What a field holds.
    enum Kind: Sendable, Equatable {
        /// A little-endian integer of `size` bytes.
        case integer(size: Int)
        /// An IEEE float of `size` bytes (4 or 8).
        case float(size: Int)
        /// A `UInt32` byte length, then that many UTF-8 bytes.
        case string(length: Int)
        /// A `UInt64` count, then `count` elements of `elementSize` bytes (Float32 when `floats`).
        case array(elementSize: Int, count: Int, floats: Bool)
        /// A `UInt64` count, then that many ``string(length:)`` fields, which follow this one in the list.
        case strings(count: Int)
    }

    /// The byte offset of the field in the artifact.
    let offset: Int
    /// What it holds.
    let kind: Kind

    /// The bytes the field spans, its nested strings excluded.
    var size: Int {
        switch kind {
        case .integer(let size), .float(let size): size
        case .string(let length): 4 + length
        case .array(let elementSize, let count, _): 8 + elementSize * count
        case .strings: 8
        }
    }
}
