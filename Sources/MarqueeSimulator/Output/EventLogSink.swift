/// Where the simulator's log lines go: a file, standard output, memory, a Kafka producer.
public protocol EventLogSink {
    /// Writes one line, given without its line terminator.
    /// - Throws: when the line cannot be written; the simulation stops with that error.
    mutating func write(line: [UInt8]) throws

    /// Pushes buffered lines out; called when the simulation ends. Defaults to doing nothing.
    mutating func flush() throws
}

extension EventLogSink {
    /// Sinks without a buffer have nothing to flush.
    public mutating func flush() throws {}
}

/// A sink that keeps every line in memory, for tests and small runs.
public struct InMemoryEventLogSink: EventLogSink, Sendable {
    /// The lines written so far, without terminators.
    public private(set) var lines: [[UInt8]] = []

    /// Creates an empty sink.
    public init() {}

    public mutating func write(line: [UInt8]) throws { lines.append(line) }

    /// The lines as strings (invalid UTF-8 is repaired with U+FFFD).
    public var text: [String] { lines.map { String(decoding: $0, as: UTF8.self) } }

    /// All lines joined with `\n`, each terminated, exactly as a file sink would write them.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(lines.reduce(0) { $0 + $1.count + 1 })
        for line in lines {
            out.append(contentsOf: line)
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }
}

/// A sink that passes each line to a closure, e.g. to hand it to a Kafka producer.
public struct ClosureEventLogSink: EventLogSink {
    private let body: ([UInt8]) throws -> Void

    /// Creates a sink calling `body` with every line (without terminator).
    public init(_ body: @escaping ([UInt8]) throws -> Void) {
        self.body = body
    }

    public mutating func write(line: [UInt8]) throws { try body(line) }
}
