import Testing

/// Runs each test of a suite, or one test, on threads of its own instead of the cooperative pool.
///
/// For tests that compute for seconds between suspensions (simulations, training, studies), that block a thread
/// (waiting for a child process or a pipe), or that start a server in the test process: the first two leave the pool
/// to the rest, and the last cannot be starved by them. ``DedicatedThreadsExecutor`` says why the pool must stay free.
public struct DedicatedThreadsTrait: TestTrait, SuiteTrait, TestScoping {
    /// How many threads each test case gets.
    public var threads: Int

    public var isRecursive: Bool { true }

    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        try await HeavyTestGate.shared.run {
            try await withDedicatedThreads(threads, name: "test-work") { try await function() }
        }
    }
}

extension Trait where Self == DedicatedThreadsTrait {
    /// Runs each test on two threads of its own, outside the cooperative pool (``DedicatedThreadsTrait``).
    public static var dedicatedThreads: Self { DedicatedThreadsTrait(threads: 2) }
}
