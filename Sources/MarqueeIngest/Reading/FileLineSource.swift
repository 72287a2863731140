import Foundation

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif

/// Reads the lines of a log file in large chunks, from a checkpointed offset on, optionally following the file
/// as it grows (like `tail -f`).
///
/// An unfinished last line (no `\n` yet) is held back: when following, until it is completed; otherwise it is
/// handed out at the end of the file. The source's name is `file:<absolute path>`.
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

    private let descriptor: Int32
    private var reader: ChunkedLineReader
    private var reportedIdle = false

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
        let descriptor = open(absolute, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw IngestError(.unreadable, "cannot open the log file \(absolute): \(reason); check its permissions")
        }
        self.path = absolute
        self.name = Self.name(ofPath: path)
        self.follow = follow
        self.pollInterval = pollInterval
        self.descriptor = descriptor
        self.reader = ChunkedLineReader(descriptor: descriptor, chunkSize: chunkSize)
    }

    deinit {
        close(descriptor)
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

    public func read() async throws(IngestError) -> LineSourceRead {
        while true {
            if Task.isCancelled { return .end }
            switch reader.read() {
            case .lines(let chunk):
                reportedIdle = false
                return .lines(chunk)
            case .failed(let code):
                throw IngestError(.readFailed, "reading \(path) failed: \(String(cString: strerror(code))); check the disk and retry")
            case .noData:
                guard follow else {
                    if let last = reader.takeHeldLine() { return .lines(last) }
                    return .end
                }
                if !reportedIdle {
                    reportedIdle = true
                    return .idle
                }
                do {
                    try await Task.sleep(for: pollInterval)
                } catch {
                    return .end
                }
            }
        }
    }
}
