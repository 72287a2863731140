import MarqueeStore

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif

/// A source of log lines: a file or standard input. (A Kafka topic has its own loop,
/// `EventIngestor.ingest(kafka:)`, because its messages carry a partition and an offset each.)
///
/// Sources hand out lines in ``LineChunk``s of complete lines, so the pipeline sees each line as a byte
/// slice and no `String` is made per line.
public protocol LineSource {
    /// The stable name under which the source's checkpoint and quarantine are stored, e.g. `file:/var/log/movielog`.
    var name: String { get }

    /// Whether the source can resume from a checkpointed byte offset.
    var isSeekable: Bool { get }

    /// Continues reading at `offset`, a byte offset previously reported as the end of a line.
    ///
    /// - Throws: ``IngestError`` when the source cannot seek or the offset lies beyond its end.
    mutating func seek(to offset: Int64) throws(IngestError)

    /// Continues reading after a checkpoint; a source whose checkpoint may name something that no longer exists (a
    /// rotated file) decides here where to go on. By default, seeks to the checkpoint's offset.
    ///
    /// - Returns: the offset reading continues at, in what is read first.
    /// - Throws: ``IngestError`` when the source cannot continue from there.
    mutating func resume(from checkpoint: SourcePosition) throws(IngestError) -> Int64

    /// Reads the next lines.
    ///
    /// - Returns: ``LineSourceRead/lines(_:)`` with at least one complete line; ``LineSourceRead/idle`` when no
    ///   line is available now but more may come (the next call waits for it); ``LineSourceRead/end`` at the end
    ///   of the input or when the task was cancelled.
    mutating func read() async throws(IngestError) -> LineSourceRead
}

extension LineSource {
    public mutating func resume(from checkpoint: SourcePosition) throws(IngestError) -> Int64 {
        try seek(to: checkpoint.offset)
        return checkpoint.offset
    }
}

/// What one ``LineSource/read()`` produced.
public enum LineSourceRead {
    /// Complete lines.
    case lines(LineChunk)
    /// Nothing new for now; a good moment to store what is pending.
    case idle
    /// The input ended or reading was cancelled.
    case end
}

/// A run of complete lines read from a source, with the byte offset of its first byte.
public struct LineChunk: Sendable {
    /// The bytes of the lines, each terminated by `\n` except possibly the last one of the input.
    public let bytes: [UInt8]
    /// The source offset of `bytes[0]`.
    public let startOffset: Int64
    /// The file the lines were read from, for a file source: the offsets are offsets in it.
    public let file: FileIdentity?

    /// Creates a chunk.
    public init(bytes: [UInt8], startOffset: Int64, file: FileIdentity? = nil) {
        self.bytes = bytes
        self.startOffset = startOffset
        self.file = file
    }

    /// The source offset just after the chunk.
    public var endOffset: Int64 { startOffset + Int64(bytes.count) }

    /// Calls `body` for each line, without its `\n`, with the offsets of its first byte and of the next line.
    public func forEachLine<E: Error>(
        _ body: (_ line: UnsafeBufferPointer<UInt8>, _ offset: Int64, _ nextOffset: Int64) throws(E) -> Void
    ) throws(E) {
        _ = try forEachLine(from: 0, limit: Int.max, body)
    }

    /// Calls `body` for at most `limit` lines starting at byte index `start`, and returns the index of the first
    /// line not visited (`bytes.count` when every line was visited).
    public func forEachLine<E: Error>(
        from start: Int, limit: Int,
        _ body: (_ line: UnsafeBufferPointer<UInt8>, _ offset: Int64, _ nextOffset: Int64) throws(E) -> Void
    ) throws(E) -> Int {
        let result: Result<Int, E> = bytes.withUnsafeBufferPointer { buffer in
            var index = start
            var visited = 0
            let count = buffer.count
            while index < count, visited < limit {
                let end = LineScanner.indexOfNewline(in: buffer, from: index) ?? count
                let next = end < count ? end + 1 : end
                do throws(E) {
                    try body(
                        UnsafeBufferPointer(rebasing: buffer[index..<end]), startOffset + Int64(index), startOffset + Int64(next))
                } catch {
                    return .failure(error)
                }
                index = next
                visited += 1
            }
            return .success(index)
        }
        return try result.get()
    }
}

/// Fast newline search.
enum LineScanner {
    /// The index of the first `\n` at or after `start`, or `nil`.
    static func indexOfNewline(in buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = buffer.baseAddress, start < buffer.count else { return nil }
        guard let found = memchr(base + start, Int32(UInt8(ascii: "\n")), buffer.count - start) else { return nil }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }

    /// The index of the last `\n` before `end`, or `nil`.
    static func indexOfLastNewline(in buffer: UnsafeBufferPointer<UInt8>, before end: Int) -> Int? {
        var index = end - 1
        while index >= 0 {
            if buffer[index] == UInt8(ascii: "\n") { return index }
            index -= 1
        }
        return nil
    }
}
