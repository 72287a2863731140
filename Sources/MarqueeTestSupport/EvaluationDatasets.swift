import Foundation

/// Public data sets for evaluation tests, fetched at test time and cached, never committed.
///
/// When `MARQUEE_REQUIRE_DATA=1` (CI sets it) a data set that cannot be fetched must fail the test; otherwise the
/// test is skipped with ``unavailableMessage``.
public enum EvaluationDatasets {
    /// The wheel that ships MovieLens-100k in RecBole's atomic-file format.
    public static let recboleRequirement = "recbole==1.2.1"
    /// Where the MovieLens files sit inside the wheel.
    public static let movieLensPathInWheel = "recbole/dataset_example/ml-100k"

    /// Whether the environment demands that data sets be available (`MARQUEE_REQUIRE_DATA=1`).
    public static var dataRequired: Bool { ProcessInfo.processInfo.environment["MARQUEE_REQUIRE_DATA"] == "1" }

    /// The directory of `ml-100k.inter`, `.user` and `.item`, fetched once per machine with pip into the temporary
    /// directory's `marquee-datasets` cache; `nil` when it cannot be fetched (no network, no pip).
    public static let movieLens100k: String? = fetchMovieLens100k()

    /// Why a data-set test did not run, or fails when data is required.
    public static let unavailableMessage =
        "MovieLens-100k could not be fetched with 'python3 -m pip download --no-deps \(recboleRequirement)'; "
        + "set MARQUEE_REQUIRE_DATA=1 to make this a failure"

    /// Whether a data-set test should run: when the data is there, or when its absence must fail.
    public static var movieLensTestsEnabled: Bool { movieLens100k != nil || dataRequired }

    private static func fetchMovieLens100k() -> String? {
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("marquee-datasets/recbole-1.2.1")
        let directory = cache.appendingPathComponent("x").appendingPathComponent(movieLensPathInWheel)
        let expected = ["ml-100k.inter", "ml-100k.user", "ml-100k.item"].map { directory.appendingPathComponent($0).path }
        if expected.allSatisfy(FileManager.default.fileExists(atPath:)) { return directory.path }
        do {
            try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
        } catch {
            return nil
        }
        let download = run(["python3", "-m", "pip", "download", "--quiet", "--no-deps", recboleRequirement, "-d", cache.path])
        let wheels = ((try? FileManager.default.contentsOfDirectory(atPath: cache.path)) ?? []).filter { $0.hasSuffix(".whl") }
        guard download || !wheels.isEmpty, let wheel = wheels.sorted().first else { return nil }
        let script = """
            import sys, zipfile
            z = zipfile.ZipFile(sys.argv[1])
            for name in z.namelist():
                if name.startswith(sys.argv[2] + "/"): z.extract(name, sys.argv[3])
            """
        guard run(["python3", "-c", script, cache.appendingPathComponent(wheel).path, movieLensPathInWheel, cache.appendingPathComponent("x").path])
        else { return nil }
        return expected.allSatisfy(FileManager.default.fileExists(atPath:)) ? directory.path : nil
    }

    private static func run(_ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return false
        }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
