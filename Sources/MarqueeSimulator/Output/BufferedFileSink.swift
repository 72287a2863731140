import Foundation
import MarqueeCore

/// Writes lines, `\n`-terminated, to a file or standard output in large chunks.
///
/// Call ``flush()`` (the simulator does at the end of a run) before dropping the sink, or the last
/// chunk is lost; ``close()`` also closes a file the sink opened.
public struct BufferedFileSink: EventLogSink {
    private let handle: FileHandle
    private let ownsHandle: Bool
    private var buffer: [UInt8] = []
    private let chunkSize: Int
    /// Bytes handed to the file so far (excluding what is still buffered).
    public private(set) var bytesWritten = 0

    /// A sink writing to a new (or truncated) file at `path`.
    ///
    /// The file is opened in place (`O_CREAT | O_TRUNC`), never replaced, so devices such as `/dev/null` and named
    /// pipes stay what they are.
    /// - Throws: ``MarqueeError`` with code `io` when the file cannot be created.
    public init(path: String, chunkSize: Int = 1 << 20) throws(MarqueeError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw MarqueeError(.io, "cannot create the event log file '\(path)' (\(reason)); check that its folder exists and is writable")
        }
        self.init(handle: FileHandle(fileDescriptor: descriptor, closeOnDealloc: true), ownsHandle: true, chunkSize: chunkSize)
    }

    /// A sink writing to standard output.
    public static func standardOutput(chunkSize: Int = 1 << 20) -> BufferedFileSink {
        BufferedFileSink(handle: .standardOutput, ownsHandle: false, chunkSize: chunkSize)
    }

    private init(handle: FileHandle, ownsHandle: Bool, chunkSize: Int) {
        self.handle = handle
        self.ownsHandle = ownsHandle
        self.chunkSize = max(4096, chunkSize)
        buffer.reserveCapacity(self.chunkSize + 4096)
    }

    public mutating func write(line: [UInt8]) throws {
        buffer.append(contentsOf: line)
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= chunkSize { try writeBuffer() }
    }

    public mutating func flush() throws {
        try writeBuffer()
    }

    /// Flushes and, for a file the sink opened, closes it.
    public mutating func close() throws {
        try writeBuffer()
        if ownsHandle {
            do { try handle.close() } catch {
                throw MarqueeError(.io, "cannot close the event log file: \(error)")
            }
        }
    }

    private mutating func writeBuffer() throws {
        guard !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw MarqueeError(.io, "cannot write the event log (\(buffer.count) bytes); is the disk full or the pipe closed? \(error)")
        }
        bytesWritten += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }
}
