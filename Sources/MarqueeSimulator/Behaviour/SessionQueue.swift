/// A binary min-heap of in-flight sessions keyed by the time of their next event.
///
/// Ties are broken by insertion order, so the simulation is deterministic. Memory is proportional to
/// the number of concurrent sessions, never to the length of the log.
struct SessionQueue {
    struct Entry {
        var time: Int64
        var sequence: UInt64
        var slot: Int32

        @inline(__always)
        static func before(_ a: Entry, _ b: Entry) -> Bool {
            a.time < b.time || (a.time == b.time && a.sequence < b.sequence)
        }
    }

    private var heap: [Entry] = []
    private var nextSequence: UInt64 = 0

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }
    /// The earliest entry.
    var first: Entry? { heap.first }

    /// Adds session `slot` with its next event at `time`.
    mutating func insert(slot: Int, at time: Int64) {
        heap.append(Entry(time: time, sequence: nextSequence, slot: Int32(slot)))
        nextSequence &+= 1
        siftUp(heap.count - 1)
    }

    /// Removes the earliest entry.
    mutating func removeFirst() {
        guard let last = heap.popLast() else { return }
        if !heap.isEmpty {
            heap[0] = last
            siftDown(0)
        }
    }

    /// Moves the earliest entry to `time` (later), cheaper than remove + insert.
    mutating func rescheduleFirst(at time: Int64) {
        heap[0].time = time
        heap[0].sequence = nextSequence
        nextSequence &+= 1
        siftDown(0)
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        let entry = heap[child]
        while child > 0 {
            let parent = (child - 1) / 2
            guard Entry.before(entry, heap[parent]) else { break }
            heap[child] = heap[parent]
            child = parent
        }
        heap[child] = entry
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        let entry = heap[parent]
        let count = heap.count
        while true {
            var child = 2 * parent + 1
            guard child < count else { break }
            if child + 1 < count, Entry.before(heap[child + 1], heap[child]) { child += 1 }
            guard Entry.before(heap[child], entry) else { break }
            heap[parent] = heap[child]
            parent = child
        }
        heap[parent] = entry
    }
}
