import Crypto
import Foundation

/// Saves and loads trained models as versioned binary artifacts.
///
/// Layout (all integers and floats little-endian):
/// ```
/// magic "MRQMODEL" (8 bytes) | format version (UInt32) | total length in bytes (UInt64)
/// kind (UInt32 length + UTF-8) | users (UInt64) | movies (UInt64) | hyperparameters (UInt32 count, key/value strings, sorted)
/// parameters of the kind: hyperparameters, id maps (user ids, movie slugs), arrays (Float32, Int32, Int64)
/// new movies (since version 2): slots (Int64) | slugs | peer starts (Int64) | peer slugs | peer weights (Float32)
/// SHA-256 (32 bytes) of everything before it
/// ```
/// Loading checks, in order, the magic (a foreign file), the version (a newer format), the length (a truncated file),
/// the checksum (a corrupted file), and then every count and index while parsing, so arbitrary bytes never crash it.
public enum ModelArtifact {
    /// The magic bytes that open every artifact.
    public static let magic = Array("MRQMODEL".utf8)
    /// The format version this build writes and the newest it reads.
    public static let formatVersion: UInt32 = 2
    /// The largest artifact read or decoded unless the caller allows more: 4 GiB, several times the reference
    /// scale's biggest model, so a crafted or runaway file is refused before it is read into memory.
    public static let defaultMaximumBytes = 4 << 30

    private static let persistableKinds: [String: any PersistableRecommender.Type] = [
        PopularityRecommender.kind: PopularityRecommender.self, ItemKNNRecommender.kind: ItemKNNRecommender.self,
        ALSRecommender.kind: ALSRecommender.self, BPRRecommender.kind: BPRRecommender.self,
        HybridRecommender.kind: HybridRecommender.self, EASERecommender.kind: EASERecommender.self,
    ]

    /// The artifact bytes of `model`.
    /// - Throws: `ModelError.unknownKind` when the model is not one of this module's kinds.
    public static func encode(_ model: any Recommender) throws(ModelError) -> [UInt8] {
        var writer = ArtifactWriter()
        try encodeBody(model, into: &writer)
        return sealed(writer.bytes)
    }

    /// The artifact's body (everything before the checksum, its length still 0) with the fields the writer recorded.
    static func encodeFields(_ model: any Recommender) throws(ModelError) -> (body: [UInt8], fields: [ArtifactField]) {
        var writer = ArtifactWriter(recordingFields: true)
        try encodeBody(model, into: &writer)
        return (writer.bytes, writer.fields ?? [])
    }

    /// The offset of the total length in the header.
    static let lengthOffset = 12

    /// `body` completed into an artifact: its total length patched in, its SHA-256 appended.
    static func sealed(_ body: [UInt8]) -> [UInt8] {
        var bytes = body
        let total = UInt64(bytes.count + SHA256.byteCount)
        if bytes.count >= lengthOffset + 8 {
            withUnsafeBytes(of: total.littleEndian) { length in
                for index in 0..<8 { bytes[lengthOffset + index] = length[index] }
            }
        }
        bytes.append(contentsOf: SHA256.hash(data: bytes))
        return bytes
    }

    private static func encodeBody(_ model: any Recommender, into writer: inout ArtifactWriter) throws(ModelError) {
        let aware = model as? NewMovieAwareRecommender
        guard let model = (aware?.base ?? model) as? any PersistableRecommender else {
            throw ModelError(
                .unknownKind,
                "a \(model.descriptor.kind) model cannot be saved as an artifact; kinds that can: \(ModelKinds.names.joined(separator: ", "))")
        }
        let descriptor = aware?.descriptor ?? model.descriptor
        for byte in magic { writer.append(byte) }
        writer.append(formatVersion)
        writer.append(UInt64(0))  // total length, patched below
        writer.append(type(of: model).kind)
        writer.append(UInt64(descriptor.userCount))
        writer.append(UInt64(descriptor.movieCount))
        let hyperparameters = descriptor.hyperparameters.sorted { $0.key < $1.key }
        writer.append(UInt32(hyperparameters.count))
        for (key, value) in hyperparameters {
            writer.append(key)
            writer.append(value)
        }
        model.encodeParameters(into: &writer)
        writer.append(aware?.slots ?? 0)
        writer.append(aware?.newMovies ?? NewMovieColdStart(movies: [], peerStarts: [0], peers: [], weights: []))
    }

    /// Decodes an artifact; `source` names it in error messages.
    ///
    /// Every structure is validated before use (see `ArtifactReader+Checks.swift`), so bytes with a recomputed
    /// checksum give an error or a model that serves, never a crash.
    /// - Parameters:
    ///   - maximumBytes: the largest artifact accepted, ``defaultMaximumBytes`` unless given.
    /// - Throws: `ModelError.incompatibleArtifact` for a foreign file, a newer format or an unknown kind;
    ///   `.corruptArtifact` for a truncated, corrupted or inconsistent one; `.artifactTooLarge` above `maximumBytes`.
    public static func decode(_ bytes: [UInt8], source: String, maximumBytes: Int = defaultMaximumBytes) throws(ModelError) -> any Recommender {
        guard bytes.count <= maximumBytes else { throw tooLarge(source, bytes: UInt64(bytes.count), maximumBytes: maximumBytes) }
        let headerSize = 8 + 4 + 8
        guard bytes.count >= 8, Array(bytes[0..<8]) == magic else {
            throw ModelError(.incompatibleArtifact, "\(source) is not a Marquee model artifact (it does not start with MRQMODEL)")
        }
        var reader = ArtifactReader(bytes: bytes, offset: 8, source: source)
        guard bytes.count >= headerSize + SHA256.byteCount else {
            throw ModelError(.corruptArtifact, "model artifact \(source) is truncated: \(bytes.count) bytes, too short for a header")
        }
        let version = try reader.read(UInt32.self)
        guard version >= 1, version <= formatVersion else {
            throw ModelError(
                .incompatibleArtifact,
                "model artifact \(source) has format version \(version); this build reads versions 1 to \(formatVersion): upgrade Marquee or retrain")
        }
        let declared = try reader.read(UInt64.self)
        guard declared <= UInt64(maximumBytes) else { throw tooLarge(source, bytes: declared, maximumBytes: maximumBytes) }
        guard declared == UInt64(bytes.count) else {
            if declared > UInt64(bytes.count) {
                throw ModelError(
                    .corruptArtifact, "model artifact \(source) is truncated: \(bytes.count) of \(declared) bytes; copy it again or retrain")
            }
            throw ModelError(.corruptArtifact, "model artifact \(source) has \(bytes.count) bytes but declares \(declared); it is corrupt, retrain")
        }
        let bodyEnd = bytes.count - SHA256.byteCount
        let digest = bytes.withUnsafeBytes { SHA256.hash(data: UnsafeRawBufferPointer(rebasing: $0[0..<bodyEnd])) }
        guard Array(digest) == Array(bytes[bodyEnd...]) else {
            throw ModelError(.corruptArtifact, "model artifact \(source) is corrupt: its SHA-256 checksum does not match; copy it again or retrain")
        }
        reader = ArtifactReader(bytes: bytes, offset: headerSize, end: bodyEnd, source: source)
        let kind = try reader.readString()
        guard let type = persistableKinds[kind] else {
            throw ModelError(.incompatibleArtifact, "model artifact \(source) holds a model of kind '\(kind)', which this build does not know")
        }
        _ = try reader.read(UInt64.self)
        _ = try reader.read(UInt64.self)
        let hyperparameterCount = try reader.read(UInt32.self)
        for _ in 0..<hyperparameterCount {
            let key = try reader.readString()
            reader.headerHyperparameters[key] = try reader.readString()
        }
        let model = try type.decodeParameters(from: &reader)
        var result: any Recommender = model
        if version >= 2 {
            let slots = try reader.readInt("new movie slots", in: 0...20)
            let newMovies = try reader.readNewMovieColdStart()
            if !newMovies.isEmpty { result = NewMovieAwareRecommender(base: model, newMovies: newMovies, slots: slots) }
        }
        guard reader.remaining == 0 else { throw reader.corrupt("\(reader.remaining) unexpected bytes after the parameters") }
        return result
    }

    static func tooLarge(_ source: String, bytes: UInt64, maximumBytes: Int) -> ModelError {
        ModelError(
            .artifactTooLarge,
            "model artifact \(source) is \(bytes) bytes, more than the limit of \(maximumBytes): if it is a genuine model, raise the limit "
                + "(maximumBytes); otherwise it is not a model this service wrote, do not serve it")
    }
}
