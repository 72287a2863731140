import Foundation

extension ModelArtifact {
    /// Writes `model` to the file at `path`, atomically.
    /// - Throws: `ModelError.io` when the file cannot be written, `.unknownKind` for a model this module cannot save.
    public static func write(_ model: any Recommender, to path: String) throws(ModelError) {
        try write(bytes: try encode(model), to: path)
    }

    /// Writes encoded artifact bytes to the file at `path`, atomically and durably, readable and writable by the
    /// owner only: a model's factors describe its users' tastes.
    ///
    /// The bytes go to a temporary file in the same directory, created with mode 0600 (so no other user can open it
    /// even for the moment before the rename), fsynced, renamed over `path`, and then the directory is fsynced so that
    /// the rename survives a power cut: after a crash `path` holds the old artifact or the new one, whole.
    /// - Throws: `ModelError.io` when the file cannot be written.
    public static func write(bytes: [UInt8], to path: String) throws(ModelError) {
        try write(bytes: bytes, to: path, fileSystem: SystemArtifactFileSystem())
    }

    /// As ``write(bytes:to:)``, through `fileSystem` (tests record the order of its calls).
    static func write(bytes: [UInt8], to path: String, fileSystem: some ArtifactFileSystem) throws(ModelError) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let temporary = directory + "/." + url.lastPathComponent + "." + UUID().uuidString + ".tmp"
        do throws(ArtifactFileError) {
            let descriptor = try fileSystem.create(temporary, mode: 0o600)
            do throws(ArtifactFileError) {
                defer { fileSystem.close(descriptor, path: temporary) }
                try fileSystem.write(bytes, to: descriptor, path: temporary)
                try fileSystem.sync(descriptor, path: temporary)
            } catch {
                fileSystem.remove(temporary)
                throw error
            }
            do throws(ArtifactFileError) {
                try fileSystem.rename(temporary, to: path)
            } catch {
                fileSystem.remove(temporary)
                throw error
            }
            try fileSystem.syncDirectory(directory)
        } catch {
            throw ModelError(.io, "cannot write the model artifact \(path): \(error.message); check the directory exists and is writable")
        }
    }

    /// Reads the model in the file at `path`.
    /// - Parameters:
    ///   - maximumBytes: the largest file accepted, checked before reading it; ``defaultMaximumBytes`` unless given.
    /// - Throws: `ModelError.io` when the file cannot be read, `.artifactTooLarge` above `maximumBytes`; otherwise as
    ///   ``decode(_:source:maximumBytes:)``.
    public static func read(from path: String, maximumBytes: Int = defaultMaximumBytes) throws(ModelError) -> any Recommender {
        try decode(try readBytes(from: path, maximumBytes: maximumBytes), source: path, maximumBytes: maximumBytes)
    }

    /// The bytes of the artifact file at `path`, refusing a file larger than `maximumBytes` before reading it.
    /// - Throws: `ModelError.io` when the file cannot be read, `.artifactTooLarge` when it is too large.
    public static func readBytes(from path: String, maximumBytes: Int = defaultMaximumBytes) throws(ModelError) -> [UInt8] {
        let data: Data?
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            let size = try handle.seekToEnd()
            guard size <= UInt64(maximumBytes) else { throw tooLarge(path, bytes: size, maximumBytes: maximumBytes) }
            try handle.seek(toOffset: 0)
            // At most one byte past the limit, in case the file grew since it was measured.
            data = try handle.read(upToCount: maximumBytes + 1)
        } catch let error as ModelError {
            throw error
        } catch {
            throw ModelError(.io, "cannot read the model artifact \(path): check the path", cause: error)
        }
        let bytes = [UInt8](data ?? Data())
        guard bytes.count <= maximumBytes else { throw tooLarge(path, bytes: UInt64(bytes.count), maximumBytes: maximumBytes) }
        return bytes
    }
}
