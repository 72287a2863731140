import Synchronization

extension Task where Success: Sendable, Failure == any Error {
    /// The task's result, or `nil` when it has not finished within `limit`; it is left running then, so that a test can
    /// tell a call that never returns from one that failed.
    public func result(within limit: Duration) async -> Result<Success, any Error>? {
        let deadline = ContinuousClock.now + limit
        let finished = Mutex<Result<Success, any Error>?>(nil)
        let waiter = Task<Void, Never> {
            let result = await self.result
            finished.withLock { $0 = result }
        }
        while ContinuousClock.now < deadline {
            if let result = finished.withLock({ $0 }) { return result }
            try? await Task<Never, Never>.sleep(for: .milliseconds(20))
        }
        waiter.cancel()
        return nil
    }
}
