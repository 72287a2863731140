import MarqueeStore

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif

/// Reads a file descriptor in large chunks and splits them into complete lines, holding back an unfinished last line
/// until its `\n` arrives.
struct ChunkedLineReader {
    /// What one read produced.
    enum Step {
        /// Complete lines.
        case lines(LineChunk)
        /// The descriptor has no more data now (end of file, or nothing new yet).
        case noData
        /// `read(2)` failed with this `errno`.
        case failed(Int32)
    }

    let descriptor: Int32
    /// The file read, named in every chunk.
    let file: FileIdentity?
    let chunkSize: Int
    /// An unfinished line longer than this is handed out as it is rather than buffered further.
    let maximumHeldBytes: Int
    private var buffer: [UInt8]
    /// Bytes of an unfinished line at the front of `buffer`.
    private(set) var heldBytes = 0
    /// The source offset of `buffer[0]`.
    private(set) var offset: Int64

    init(descriptor: Int32, file: FileIdentity? = nil, chunkSize: Int, startOffset: Int64 = 0) {
        self.descriptor = descriptor
        self.file = file
        self.chunkSize = max(chunkSize, 64)
        self.maximumHeldBytes = max(4 * chunkSize, 1 << 20)
        self.buffer = [UInt8](repeating: 0, count: self.chunkSize)
        self.offset = startOffset
    }

    /// Forgets any held bytes and continues at `offset` (the caller has positioned the descriptor there).
    mutating func reset(to offset: Int64) {
        self.offset = offset
        heldBytes = 0
    }

    /// Reads until at least one complete line is available or the descriptor has nothing more to give now.
    mutating func read() -> Step {
        while true {
            if buffer.count < heldBytes + chunkSize {
                buffer.append(contentsOf: repeatElement(0, count: heldBytes + chunkSize - buffer.count))
            }
            let held = heldBytes
            let count = buffer.withUnsafeMutableBufferPointer { pointer -> Int in
                guard let base = pointer.baseAddress else { return 0 }
                return readDescriptor(descriptor, base + held, pointer.count - held)
            }
            if count < 0 {
                let code = errno
                if code == EINTR { continue }
                return .failed(code)
            }
            if count == 0 { return .noData }
            let total = held + count
            let lastNewline = buffer.withUnsafeBufferPointer { LineScanner.indexOfLastNewline(in: $0, before: total) }
            if let lastNewline {
                return .lines(cut(upTo: lastNewline + 1, total: total))
            }
            heldBytes = total
            if heldBytes >= maximumHeldBytes {
                return .lines(cut(upTo: total, total: total))
            }
        }
    }

    /// Hands out the unfinished last line, at the end of the input; `nil` if there is none.
    mutating func takeHeldLine() -> LineChunk? {
        guard heldBytes > 0 else { return nil }
        return cut(upTo: heldBytes, total: heldBytes)
    }

    /// Returns `buffer[0..<end]` as a chunk and moves `buffer[end..<total]` to the front.
    private mutating func cut(upTo end: Int, total: Int) -> LineChunk {
        let chunk = LineChunk(bytes: Array(buffer[0..<end]), startOffset: offset, file: file)
        let rest = total - end
        if rest > 0 {
            buffer.withUnsafeMutableBufferPointer { pointer in
                guard let base = pointer.baseAddress else { return }
                _ = memmove(base, base + end, rest)
            }
        }
        heldBytes = rest
        offset += Int64(end)
        return chunk
    }
}

/// `read(2)`, named so it cannot be confused with ``ChunkedLineReader/read()``.
func readDescriptor(_ descriptor: Int32, _ buffer: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
