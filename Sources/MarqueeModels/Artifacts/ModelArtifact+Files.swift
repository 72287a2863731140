import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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
        try write(bytes: bytes, to: path, beforeRename: nil)
    }

    /// As ``write(bytes:to:)``; `beforeRename` sees the temporary file's path once it is complete and synced (tests
    /// check its mode there).
    static func write(bytes: [UInt8], to path: String, beforeRename: ((String) -> Void)?) throws(ModelError) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let temporary = directory + "/." + url.lastPathComponent + "." + UUID().uuidString + ".tmp"
        do throws(ArtifactFileError) {
            let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else { throw ArtifactFileError("create \(temporary)") }
            do throws(ArtifactFileError) {
                defer { close(descriptor) }
                // The umask can only remove bits; set exactly 0600 in case it removed the owner's.
                guard fchmod(descriptor, 0o600) == 0 else { throw ArtifactFileError("set the mode of \(temporary)") }
                try writeAll(bytes, to: descriptor, path: temporary)
                guard fsync(descriptor) == 0 else { throw ArtifactFileError("fsync \(temporary)") }
            } catch {
                unlink(temporary)
                throw error
            }
            beforeRename?(temporary)
            guard rename(temporary, path) == 0 else {
                let error = ArtifactFileError("rename \(temporary) to \(path)")
                unlink(temporary)
                throw error
            }
            try syncDirectory(directory)
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

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws(ArtifactFileError) {
        do {
            try FileHandle(fileDescriptor: descriptor, closeOnDealloc: false).write(contentsOf: Data(bytes))
        } catch {
            throw ArtifactFileError("write \(path)", reason: "\(error)")
        }
    }

    private static func syncDirectory(_ directory: String) throws(ArtifactFileError) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ArtifactFileError("open the directory \(directory)") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw ArtifactFileError("fsync the directory \(directory)") }
    }
}

/// A failed system call while writing an artifact: what was attempted and the system's reason.
private struct ArtifactFileError: Error {
    let message: String

    /// Captures `errno` now, before any other call can change it.
    init(_ action: String) {
        let code = errno
        self.init(action, reason: String(cString: strerror(code)))
    }

    init(_ action: String, reason: String) {
        message = "cannot \(action): \(reason)"
    }
}
