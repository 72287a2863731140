import Dispatch
import Synchronization

/// Runs work over index ranges on several threads. Ranges are fixed by `chunkSize` alone, never by the thread count,
/// so any computation whose result depends only on its range is deterministic however many threads run it.
enum Parallel {
    /// Calls `body` once for each `chunkSize`-long range of `0..<count`, on up to `threads` threads.
    static func forEachChunk(count: Int, chunkSize: Int, threads: Int, _ body: (Range<Int>) -> Void) {
        let size = max(1, chunkSize)
        let chunks = (count + size - 1) / size
        let workers = max(1, min(threads, chunks))
        if workers == 1 {
            for chunk in 0..<chunks { body((chunk * size)..<min(count, (chunk + 1) * size)) }
            return
        }
        let counter = ChunkCounter()
        withoutActuallyEscaping(body) { body in
            let shared = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while true {
                    let chunk = counter.next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard chunk < chunks else { return }
                    shared.value((chunk * size)..<min(count, (chunk + 1) * size))
                }
            }
        }
    }
}

private final class ChunkCounter: Sendable {
    let next = Atomic<Int>(0)
}

/// Carries a value across the threads of ``Parallel/forEachChunk(count:chunkSize:threads:_:)``.
///
/// `@unchecked`: no lock; callers only share read-only data or pointers into disjoint per-chunk regions.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
