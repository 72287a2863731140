import Foundation
import Synchronization

/// A task executor with threads of its own, outside Swift's cooperative pool.
///
/// The tests share one process, and the cooperative pool has one thread per core: two on the 2-core development
/// machine. A test whose work runs for seconds between suspensions (a simulated week, training, a search over
/// models) holds a pool thread for that long, and two such tests held both: the in-process servers of other tests
/// then answered nothing until one of them suspended, past their clients' 10-15 s timeouts. Under
/// ``withDedicatedThreads(_:name:isolation:_:)`` that work runs on threads the kernel schedules like any other, so the
/// pool stays free and a server waits for a time slice instead of for a simulation to end.
public final class DedicatedThreadsExecutor: TaskExecutor, Sendable {
    private struct State {
        var jobs: [UnownedJob] = []
        var next = 0
        var stopped = false
    }

    private let state = Mutex(State())
    /// Signalled once per job enqueued and once per thread when stopping.
    private let signal = DispatchSemaphore(value: 0)
    private let threads: Int

    /// Starts `threads` threads named `name`, which run jobs in the order they were enqueued until ``stop()``.
    public init(threads: Int, name: String) {
        precondition(threads > 0, "an executor needs at least one thread")
        self.threads = threads
        for index in 0..<threads {
            let thread = Thread { [self] in self.runJobs() }
            thread.name = "\(name)-\(index)"
            thread.start()
        }
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let accepted = state.withLock { state in
            guard !state.stopped else { return false }
            state.jobs.append(job)
            return true
        }
        if accepted {
            signal.signal()
        } else {
            // A job for a task that left the executor's scope after it stopped: the shared pool runs it.
            globalConcurrentExecutor.enqueue(ExecutorJob(job))
        }
    }

    /// Lets the threads finish the jobs already enqueued, then end; later jobs run on the shared pool.
    public func stop() {
        state.withLock { $0.stopped = true }
        for _ in 0..<threads { signal.signal() }
    }

    private func runJobs() {
        while true {
            signal.wait()
            let job: UnownedJob? = state.withLock { state in
                guard state.next < state.jobs.count else { return nil }
                defer {
                    state.next += 1
                    if state.next == state.jobs.count {
                        state.jobs.removeAll(keepingCapacity: true)
                        state.next = 0
                    }
                }
                return state.jobs[state.next]
            }
            if let job {
                job.runSynchronously(on: asUnownedTaskExecutor())
            } else if state.withLock({ $0.stopped }) {
                return
            }
        }
    }
}

/// Runs `body` with its nonisolated code, its default actors and its child tasks on `threads` threads of its own,
/// outside the cooperative pool (``DedicatedThreadsExecutor`` says why), and stops them afterwards.
///
/// For CPU-heavy test work: a simulation, a training run, a study. Two threads by default, so that work which starts
/// a server and calls it (a demo, a study through HTTP) has one for each side.
public func withDedicatedThreads<T, Failure: Error>(
    _ threads: Int = 2, name: String = "test-work", isolation: isolated (any Actor)? = #isolation,
    _ body: () async throws(Failure) -> T
) async throws(Failure) -> T {
    let executor = DedicatedThreadsExecutor(threads: threads, name: name)
    defer { executor.stop() }
    return try await withTaskExecutorPreference(executor, isolation: isolation, operation: body)
}
