import Foundation
import MarqueeStore

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif

/// Reads the lines of a log file in large chunks, from a checkpointed offset on, optionally following the file
/// as it grows (like `tail -F`), across rotations.
///
/// An unfinished last line (no `\n` yet) is held back: when following, until it is completed; otherwise it is
/// handed out at the end of the file. The source's name is `file:<absolute path>`.
///
/// Rotation (see "Log rotation" in `docs/operations.md`):
/// - **Renamed** (logrotate's default, `create`): when the file read is at its end and the path names another file,
///   the old file is read to its end (when following, until it has been quiet for one poll interval, so that a writer
///   still appending to it before reopening is not cut short), then the new file is read from its start. Chunks name
///   the file they come from, so checkpoints do too, and ``resume(from:)`` finds a file renamed while nothing read it
///   in the same directory and finishes it before the new one.
/// - **Copied and truncated** (`copytruncate`): when the file is shorter than what was read, it is read again from
///   its start. Lines written between logrotate's copy and its truncation are in the copy only, and are not read.
public final class FileLineSource: LineSource {
    /// The absolute path of the file.
    public let path: String
    /// `file:<absolute path>`.
    public let name: String
    /// Whether to keep polling the file for new lines at its end instead of ending.
    public let follow: Bool
    /// How long to wait between polls when following.
    public let pollInterval: Duration
    public var isSeekable: Bool { true }
    /// The file being read: the one at ``path``, or the one it was before a rotation until it is read to its end.
    public private(set) var file: FileIdentity

    private let chunkSize: Int
    private var descriptor: Int32
    private var reader: ChunkedLineReader
    private var reportedIdle = false
    /// Whether the path names another file and the file read has since been at its end for a poll interval.
    private var quietSinceRotation = false

    /// The source name of the file at `path`: `file:<absolute path>`, the key of its checkpoint.
    public static func name(ofPath path: String) -> String { "file:" + absolutePath(path) }

    private static func absolutePath(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }

    /// Opens a file for reading.
    ///
    /// - Parameters:
    ///   - path: the file, absolute or relative to the working directory.
    ///   - follow: keep reading lines appended to the file until the task is cancelled.
    ///   - pollInterval: how often to look for new lines when following.
    ///   - chunkSize: bytes per read.
    /// - Throws: ``IngestError`` `.fileNotFound` or `.unreadable`.
    public init(path: String, follow: Bool = false, pollInterval: Duration = .milliseconds(250), chunkSize: Int = 1 << 20)
        throws(IngestError)
    {
        let absolute = Self.absolutePath(path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory) else {
            throw IngestError(.fileNotFound, "the log file \(absolute) does not exist; check the path")
        }
        guard !isDirectory.boolValue else {
            throw IngestError(.unreadable, "\(absolute) is a directory; give the path of a log file")
        }
        let (descriptor, file) = try Self.openFile(absolute)
        self.path = absolute
        self.name = Self.name(ofPath: path)
        self.follow = follow
        self.pollInterval = pollInterval
        self.chunkSize = chunkSize
        self.descriptor = descriptor
        self.file = file
        self.reader = ChunkedLineReader(descriptor: descriptor, file: file, chunkSize: chunkSize)
    }

    deinit {
        close(descriptor)
    }

    private static func openFile(_ path: String) throws(IngestError) -> (descriptor: Int32, file: FileIdentity) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw IngestError(.unreadable, "cannot open the log file \(path): \(reason); check its permissions")
        }
        guard let file = FileIdentity(ofDescriptor: descriptor) else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw IngestError(.unreadable, "cannot stat the log file \(path): \(reason); check its permissions")
        }
        return (descriptor, file)
    }

    /// Reads `opened` from now on, from its start, closing the file read so far unless told not to.
    private func switchTo(_ opened: (descriptor: Int32, file: FileIdentity), closingCurrent: Bool = true) {
        if closingCurrent { close(descriptor) }
        descriptor = opened.descriptor
        file = opened.file
        reader = ChunkedLineReader(descriptor: opened.descriptor, file: opened.file, chunkSize: chunkSize)
        quietSinceRotation = false
    }

    /// The size of the file now, in bytes.
    public func currentSize() throws(IngestError) -> Int64 {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw IngestError(.readFailed, "cannot read the size of \(path): \(String(cString: strerror(errno)))")
        }
        return Int64(status.st_size)
    }

    public func seek(to offset: Int64) throws(IngestError) {
        let size = try currentSize()
        guard offset >= 0, offset <= size else {
            throw IngestError(
                .checkpointBeyondEnd,
                "the checkpoint of \(path) is at byte \(offset) but the file has only \(size) bytes: it was truncated or replaced; "
                    + "ingest it from the start (duplicates are skipped)")
        }
        guard lseek(descriptor, off_t(offset), SEEK_SET) >= 0 else {
            throw IngestError(.readFailed, "cannot seek in \(path): \(String(cString: strerror(errno)))")
        }
        reader.reset(to: offset)
    }

    /// Continues after `checkpoint`, wherever the log went meanwhile:
    /// - the checkpoint names the file at the path: at its offset, or at 0 when the file is now shorter (truncated);
    /// - it names another file (the log was rotated by renaming while nothing read it): at its offset in that file when
    ///   it is still in the path's directory under another name, read to its end before the file at the path; else
    ///   (compressed or deleted) the rest of it is gone, and reading starts at 0 in the file at the path;
    /// - it names no file (stored before files were identified): as the first case.
    public func resume(from checkpoint: SourcePosition) throws(IngestError) -> Int64 {
        if let previous = checkpoint.file, previous != file {
            let directory = (path as NSString).deletingLastPathComponent
            guard let rotated = previous.find(in: directory, excluding: path), let opened = try? Self.openFile(rotated),
                opened.file == previous
            else { return 0 }
            let atPath = (descriptor, file)
            switchTo(opened, closingCurrent: false)
            guard checkpoint.offset <= (try currentSize()) else {
                // Not the file the checkpoint is in after all (its inode was reused): back to the path's start.
                switchTo(atPath)
                return 0
            }
            close(atPath.0)
        } else if checkpoint.offset > (try currentSize()) {
            return 0
        }
        try seek(to: checkpoint.offset)
        return checkpoint.offset
    }

    public func read() async throws(IngestError) -> LineSourceRead {
        while true {
            if Task.isCancelled { return .end }
            switch reader.read() {
            case .lines(let chunk):
                reportedIdle = false
                quietSinceRotation = false
                return .lines(chunk)
            case .failed(let code):
                throw IngestError(.readFailed, "reading \(path) failed: \(String(cString: strerror(code))); check the disk and retry")
            case .noData:
                if try restartIfTruncated() { continue }
                if let current = FileIdentity(ofFileAt: path), current != file {
                    if follow, !quietSinceRotation {
                        // A writer may still append to the renamed file until it reopens the path: give it a poll.
                        quietSinceRotation = true
                        guard await pause() else { return .end }
                        continue
                    }
                    // Nothing will complete the renamed file's unfinished last line any more.
                    if let last = reader.takeHeldLine() { return .lines(last) }
                    do {
                        switchTo(try Self.openFile(path))
                        continue
                    } catch {
                        // The path may have gone again since it was looked at: then poll on. A new file that cannot be
                        // opened (its permissions) is an error, not a silent stall.
                        if FileIdentity(ofFileAt: path) != nil { throw error }
                    }
                }
                guard follow else {
                    if let last = reader.takeHeldLine() { return .lines(last) }
                    return .end
                }
                if !reportedIdle {
                    reportedIdle = true
                    return .idle
                }
                guard await pause() else { return .end }
            }
        }
    }

    /// Waits a poll interval; `false` when the task was cancelled meanwhile.
    private func pause() async -> Bool {
        do {
            try await Task.sleep(for: pollInterval)
            return true
        } catch {
            return false
        }
    }

    /// Goes back to the start of the file when it is shorter than what was read of it (truncated in place, as by
    /// logrotate's `copytruncate`); an unfinished line held back is dropped, its bytes are gone. Returns whether it did.
    private func restartIfTruncated() throws(IngestError) -> Bool {
        let position = lseek(descriptor, 0, SEEK_CUR)
        guard position >= 0, try currentSize() < Int64(position) else { return false }
        try seek(to: 0)
        return true
    }
}
