import Foundation

/// Runs `work`, which blocks its thread for a while (reading and decoding a model artifact, computing answers ahead),
/// on a thread of its own, and waits for it without holding any thread of Swift's executor.
///
/// `marquee serve` runs Swift's executor on NIO's event loops, the threads that also read and write every connection;
/// a second of work on one of them would hold up every connection it serves. A new thread, rather than a global
/// dispatch queue, because those queues run at most one job per core and may all be taken by long computations
/// (`DispatchQueue.concurrentPerform` computing answers ahead), which this work would then wait behind.
public func runBlocking<Value: Sendable, Failure: Error>(
    _ work: @escaping @Sendable () throws(Failure) -> Value
) async throws(Failure) -> Value {
    let result: Result<Value, Failure> = await withCheckedContinuation { continuation in
        let thread = Thread {
            continuation.resume(returning: Result { () throws(Failure) -> Value in try work() })
        }
        thread.name = "marquee.blocking"
        thread.start()
    }
    return try result.get()
}
