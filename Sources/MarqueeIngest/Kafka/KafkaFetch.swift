/// Messages taken from Kafka in one fetch: their payloads back to back, with each one's partition and offset.
struct KafkaFetch: Sendable {
    /// The payloads, concatenated.
    var bytes: [UInt8] = []
    /// Per message: its partition.
    var partitions: [Int32] = []
    /// Per message: its offset in its partition.
    var offsets: [Int64] = []
    /// Per message: the index in `bytes` just after its payload.
    var ends: [Int] = []

    /// The number of messages.
    var count: Int { offsets.count }

    /// Appends one message.
    mutating func append(partition: Int32, offset: Int64, payload: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: payload)
        partitions.append(partition)
        offsets.append(offset)
        ends.append(bytes.count)
    }

    /// Calls `body` for every line of every message, without its `\n`; a message normally holds one line.
    func forEachLine(_ body: (_ line: UnsafeBufferPointer<UInt8>, _ partition: Int32, _ offset: Int64) -> Void) {
        bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            for message in 0..<count {
                let end = ends[message]
                var index = start
                repeat {
                    let found = LineScanner.indexOfNewline(in: UnsafeBufferPointer(rebasing: buffer[..<end]), from: index)
                    let lineEnd = found ?? end
                    body(UnsafeBufferPointer(rebasing: buffer[index..<lineEnd]), partitions[message], offsets[message])
                    index = lineEnd + 1
                } while index < end
                start = end
            }
        }
    }
}
