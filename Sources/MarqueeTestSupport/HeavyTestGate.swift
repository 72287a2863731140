/// At most ``limit`` tests at once in the scope of a ``DedicatedThreadsTrait`` (the simulations, training, child
/// processes and socket servers), whatever swift-testing's own parallelism: plain `swift test` starts every test at
/// once, and on a 2-core machine dozens of those together made each take minutes and latency checks fail.
/// `scripts/test.sh` also caps all tests at 3 (`SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH`).
actor HeavyTestGate {
    /// The gate of the test process.
    static let shared = HeavyTestGate(limit: 3)

    let limit: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Runs `body` once fewer than ``limit`` others run.
    func run(_ body: @Sendable () async throws -> Void) async throws {
        if running < limit {
            running += 1
        } else {
            // A leaving test hands its place over directly, so `running` stays counted.
            await withCheckedContinuation { waiting.append($0) }
        }
        defer { leave() }
        try await body()
    }

    private func leave() {
        if waiting.isEmpty {
            running -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
