import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file-system calls that write an artifact (see ``ModelArtifact/write(bytes:to:)``), as a seam: the order of
/// the calls is what keeps the file private and makes it survive a crash, and tests record that order through a file
/// system of their own that forwards to ``SystemArtifactFileSystem``.
protocol ArtifactFileSystem {
    /// Creates the file at `path`, which must not exist, with exactly `mode`, and opens it for writing.
    func create(_ path: String, mode: mode_t) throws(ArtifactFileError) -> Int32
    /// Writes all of `bytes` to the open file `descriptor` (at `path`).
    func write(_ bytes: [UInt8], to descriptor: Int32, path: String) throws(ArtifactFileError)
    /// Flushes the open file `descriptor` (at `path`) to the disk.
    func sync(_ descriptor: Int32, path: String) throws(ArtifactFileError)
    /// Closes `descriptor` (at `path`).
    func close(_ descriptor: Int32, path: String)
    /// Renames `source` over `destination`, atomically.
    func rename(_ source: String, to destination: String) throws(ArtifactFileError)
    /// Flushes the directory at `path` to the disk, so that a rename inside it survives a power cut.
    func syncDirectory(_ path: String) throws(ArtifactFileError)
    /// Removes the file at `path`, if it is there.
    func remove(_ path: String)
}

/// The system's calls: what every artifact is written with.
struct SystemArtifactFileSystem: ArtifactFileSystem {
    func create(_ path: String, mode: mode_t) throws(ArtifactFileError) -> Int32 {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw ArtifactFileError("create \(path)") }
        // The umask can only remove bits; set exactly `mode` in case it removed the owner's.
        guard fchmod(descriptor, mode) == 0 else {
            let error = ArtifactFileError("set the mode of \(path)")
            closeDescriptor(descriptor)
            unlink(path)
            throw error
        }
        return descriptor
    }

    func write(_ bytes: [UInt8], to descriptor: Int32, path: String) throws(ArtifactFileError) {
        do {
            try FileHandle(fileDescriptor: descriptor, closeOnDealloc: false).write(contentsOf: Data(bytes))
        } catch {
            throw ArtifactFileError("write \(path)", reason: "\(error)")
        }
    }

    func sync(_ descriptor: Int32, path: String) throws(ArtifactFileError) {
        guard fsync(descriptor) == 0 else { throw ArtifactFileError("fsync \(path)") }
    }

    func close(_ descriptor: Int32, path: String) {
        closeDescriptor(descriptor)
    }

    func rename(_ source: String, to destination: String) throws(ArtifactFileError) {
        guard renameFile(source, destination) == 0 else { throw ArtifactFileError("rename \(source) to \(destination)") }
    }

    func syncDirectory(_ path: String) throws(ArtifactFileError) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ArtifactFileError("open the directory \(path)") }
        defer { closeDescriptor(descriptor) }
        guard fsync(descriptor) == 0 else { throw ArtifactFileError("fsync the directory \(path)") }
    }

    func remove(_ path: String) {
        _ = unlink(path)
    }
}

/// `close(2)` and `rename(2)`, out of reach of the methods of the same names.
private func closeDescriptor(_ descriptor: Int32) {
    _ = close(descriptor)
}

private func renameFile(_ source: String, _ destination: String) -> Int32 {
    rename(source, destination)
}

/// A failed system call while writing an artifact: what was attempted and the system's reason.
struct ArtifactFileError: Error {
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
