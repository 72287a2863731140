import Foundation
import Logging
import MarqueeLab
import MarqueeLifecycle
import MarqueeServer

/// A store filled by a short simulated run (DemoRunner: 5 serving days with a canary, retraining and an A/B experiment
/// that starts once the canary is judged), made once per test process and shared by the dashboard and report tests.
enum SimulatedStore {
    /// The store's path.
    static var path: String {
        get async throws { try await run.value }
    }

    private static let run = Task<String, any Error> {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("marquee-dashboard-\(UUID().uuidString)").path
        var configuration = DemoConfiguration(
            users: 400, movies: 120, warmUpDays: 2, servingDays: 5, seed: 7, faultRate: 0.01, directory: directory, retrainEveryDays: 2,
            canaryShare: 0.25, canaryMinimumAnswers: 30, badCandidateDay: 0, experimentDay: 1, experimentPlannedPerArm: 150)
        // The suites share 2 cores; the simulated service waits long enough that no request fails for lack of CPU.
        configuration.requestTimeoutMilliseconds = 10_000
        let runner = DemoRunner(
            configuration: configuration, codeVersion: CodeVersion(commit: "dash000000000000000000000000000000000000", dirty: false),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        return try await runner.run().storePath
    }
}
