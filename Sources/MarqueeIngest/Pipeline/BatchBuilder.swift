import MarqueeCore
import MarqueeStore

/// Collects parsed events and rejected lines until a batch is full.
struct BatchBuilder {
    /// A batch ready to store, with what it covers.
    struct Taken: Sendable {
        var batch: IngestBatch
        var lineCount: Int
        var byteCount: Int64
    }

    let source: String
    let capacity: Int
    let seekable: Bool
    /// The file of the lines being added (set per chunk), checkpointed with the offset after them: after a rotation
    /// the offsets are in another file.
    var file: FileIdentity?
    private var events: [Event] = []
    private var quarantined: [QuarantinedLine] = []
    private(set) var lineCount = 0
    private var firstOffset: Int64?
    private var nextOffset: Int64 = 0

    init(source: String, capacity: Int, seekable: Bool) {
        self.source = source
        self.capacity = capacity
        self.seekable = seekable
        events.reserveCapacity(capacity)
    }

    /// Parses, validates and adds one line; a rejected line is quarantined under `quarantineSource`, by default the
    /// builder's source (a Kafka topic quarantines per partition, whose offsets are its own).
    mutating func add(
        _ line: UnsafeBufferPointer<UInt8>, offset: Int64, nextOffset: Int64, codec: LogLineCodec, validator: inout ReferenceValidator,
        quarantineSource: String? = nil
    ) {
        if firstOffset == nil { firstOffset = offset }
        self.nextOffset = nextOffset
        lineCount += 1
        do {
            let event = try codec.parse(utf8: line)
            if validator.isActive, let rejection = validator.check(event) {
                quarantine(line, offset: offset, rejection, source: quarantineSource ?? source)
            } else {
                events.append(event)
            }
        } catch {
            quarantine(line, offset: offset, error, source: quarantineSource ?? source)
        }
    }

    private mutating func quarantine(_ line: UnsafeBufferPointer<UInt8>, offset: Int64, _ rejection: LineRejection, source: String) {
        var text = line
        if let last = text.last, last == UInt8(ascii: "\r") { text = UnsafeBufferPointer(rebasing: text.dropLast()) }
        quarantined.append(
            QuarantinedLine(
                source: source, offset: offset, line: String(decoding: text, as: UTF8.self), reason: rejection.reason,
                detail: rejection.detail))
    }

    /// Hands out the batch and starts a new one.
    mutating func take() -> Taken {
        let batch = IngestBatch(
            source: source, events: events, quarantined: quarantined, position: seekable ? SourcePosition(offset: nextOffset, file: file) : nil)
        let taken = Taken(batch: batch, lineCount: lineCount, byteCount: nextOffset - (firstOffset ?? nextOffset))
        events = []
        events.reserveCapacity(capacity)
        quarantined = []
        lineCount = 0
        firstOffset = nil
        return taken
    }
}
