#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif
import MarqueeCore

/// Reads log lines from standard input (or another descriptor such as a pipe) until it ends.
///
/// Standard input cannot seek, so it is never checkpointed; its name is `stdin`. When no data arrives for
/// `idleInterval`, it reports ``LineSourceRead/idle`` so the pipeline stores what it holds, and notices cancellation.
public final class StandardInputLineSource: LineSource {
    public let name: String
    public var isSeekable: Bool { false }
    /// How long to wait for data before reporting idle.
    public let idleInterval: Duration

    private let descriptor: Int32
    private var reader: ChunkedLineReader
    private var ended = false

    /// Reads standard input, or the given descriptor (which the caller keeps open and closes).
    ///
    /// - Parameters:
    ///   - descriptor: the descriptor to read, standard input by default.
    ///   - name: the source name for quarantine records.
    ///   - idleInterval: how long to wait for data before reporting idle.
    ///   - chunkSize: bytes per read.
    public init(
        descriptor: Int32 = STDIN_FILENO, name: String = "stdin", idleInterval: Duration = .milliseconds(250), chunkSize: Int = 1 << 20
    ) {
        self.descriptor = descriptor
        self.name = name
        self.idleInterval = idleInterval
        self.reader = ChunkedLineReader(descriptor: descriptor, chunkSize: chunkSize)
    }

    public func seek(to offset: Int64) throws(IngestError) {
        guard offset == reader.offset else {
            throw IngestError(.invalidConfiguration, "\(name) cannot seek; it can only be read from where it stands")
        }
    }

    public func read() async throws(IngestError) -> LineSourceRead {
        guard !ended else { return .end }
        while true {
            if Task.isCancelled { return .end }
            guard try waitForData() else { return .idle }
            switch reader.read() {
            case .lines(let chunk):
                return .lines(chunk)
            case .failed(let code):
                throw IngestError(.readFailed, "reading \(name) failed: \(String(cString: strerror(code)))")
            case .noData:
                ended = true
                if let last = reader.takeHeldLine() { return .lines(last) }
                return .end
            }
        }
    }

    /// Waits up to `idleInterval` for the descriptor to become readable; `false` if it did not.
    private func waitForData() throws(IngestError) -> Bool {
        let milliseconds = Int32(clamping: idleInterval.wholeMilliseconds)
        var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        while true {
            let result = poll(&request, 1, max(milliseconds, 1))
            if result > 0 { return true }
            if result == 0 { return false }
            let code = errno
            if code == EINTR { continue }
            throw IngestError(.readFailed, "waiting for \(name) failed: \(String(cString: strerror(code)))")
        }
    }
}
