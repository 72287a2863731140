import Foundation

@testable import MarqueeModels

#if canImport(Glibc)
import Glibc
#endif

/// An artifact file system that forwards to the system's and records each call, with the mode the temporary file had
/// when the call was made; it can fail one kind of call instead of making it.
final class RecordingArtifactFileSystem: ArtifactFileSystem {
    /// One call, named by what it did and to which file (by name, not path).
    enum Step: Hashable, CustomStringConvertible {
        case create(String, mode: mode_t)
        case write(String, bytes: Int)
        case sync(String)
        case close(String)
        case rename(String, to: String)
        case syncDirectory(String)
        case remove(String)

        var description: String {
            switch self {
            case .create(let name, let mode): "create \(name) mode \(String(mode, radix: 8))"
            case .write(let name, let bytes): "write \(bytes) bytes to \(name)"
            case .sync(let name): "fsync \(name)"
            case .close(let name): "close \(name)"
            case .rename(let source, let destination): "rename \(source) to \(destination)"
            case .syncDirectory(let name): "fsync directory \(name)"
            case .remove(let name): "remove \(name)"
            }
        }
    }

    /// The kinds of call that can be made to fail.
    enum Failure {
        case rename
    }

    private let system = SystemArtifactFileSystem()
    private let failing: Failure?
    /// Every call so far, in order.
    private(set) var steps: [Step] = []
    /// The temporary file's permission bits at each call while it existed: just after its creation, then just before
    /// each later call up to and including the rename.
    private(set) var temporaryModes: [(step: Step, mode: mode_t)] = []
    private var temporary: String?

    init(failing: Failure? = nil) {
        self.failing = failing
    }

    func create(_ path: String, mode: mode_t) throws(ArtifactFileError) -> Int32 {
        let descriptor = try system.create(path, mode: mode)
        temporary = path
        record(.create(name(path), mode: mode))
        return descriptor
    }

    func write(_ bytes: [UInt8], to descriptor: Int32, path: String) throws(ArtifactFileError) {
        record(.write(name(path), bytes: bytes.count))
        try system.write(bytes, to: descriptor, path: path)
    }

    func sync(_ descriptor: Int32, path: String) throws(ArtifactFileError) {
        record(.sync(name(path)))
        try system.sync(descriptor, path: path)
    }

    func close(_ descriptor: Int32, path: String) {
        record(.close(name(path)))
        system.close(descriptor, path: path)
    }

    func rename(_ source: String, to destination: String) throws(ArtifactFileError) {
        record(.rename(name(source), to: name(destination)))
        if failing == .rename { throw ArtifactFileError("rename \(source) to \(destination)", reason: "failed by the test") }
        try system.rename(source, to: destination)
        temporary = nil
    }

    func syncDirectory(_ path: String) throws(ArtifactFileError) {
        record(.syncDirectory(path))
        try system.syncDirectory(path)
    }

    func remove(_ path: String) {
        record(.remove(name(path)))
        system.remove(path)
        if path == temporary { temporary = nil }
    }

    private func record(_ step: Step) {
        steps.append(step)
        if let temporary, let mode = Self.permissions(of: temporary) { temporaryModes.append((step, mode)) }
    }

    private func name(_ path: String) -> String { URL(fileURLWithPath: path).lastPathComponent }

    /// The permission bits of the file at `path`, from `stat(2)`.
    static func permissions(of path: String) -> mode_t? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return status.st_mode & 0o7777
    }
}
