import Foundation
import MarqueeCore
import MarqueeModels

/// Writes a trained ALS artifact's factors and training histories as raw little-endian arrays, so that a peer
/// (bench/peers/flask_als/app.py) serves recommendations from exactly the same model.
///
/// Files in the output directory, all loadable with `numpy.fromfile`:
/// - `users.i64`: the user id of each row (int64); `movies.txt`: the slug of each column, one per line;
/// - `user_factors.f32`, `item_factors.f32`: float32 row-major, `users × factors` and `movies × factors`;
/// - `indptr.i64`, `indices.i32`: each user's trained movies in compressed sparse rows (the movies to skip);
/// - `shape.json`: `users`, `movies`, `factors`, `nonzeros`.
struct FactorExport {
    let artifactPath: String
    let outputDirectory: String

    func run() throws {
        guard 1.littleEndian == 1 else { throw BenchError("export-factors writes little-endian files; this machine is big-endian") }
        let clock = ContinuousClock()
        let start = clock.now
        guard let model = try ModelArtifact.read(from: artifactPath) as? ALSRecommender else {
            throw BenchError("export-factors needs an ALS artifact; \(artifactPath) holds another kind of model")
        }
        let matrix = model.trainingMatrix
        let factors = model.factorCount
        try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)

        try write(matrix.users.map(\.rawValue), to: "users.i64")
        try write(Array(matrix.movies.map(\.slug).joined(separator: "\n").utf8) + [0x0A], to: "movies.txt")
        let userFactors = model.unpaddedUserFactors
        let itemFactors = model.unpaddedItemFactors
        guard userFactors.count == matrix.userCount * factors, itemFactors.count == matrix.movieCount * factors else {
            throw BenchError("factor matrices do not match \(matrix.userCount) users, \(matrix.movieCount) movies, \(factors) factors")
        }
        try write(userFactors, to: "user_factors.f32")
        try write(itemFactors, to: "item_factors.f32")
        try write(matrix.rowStarts.map(Int64.init), to: "indptr.i64")
        try write(matrix.columns, to: "indices.i32")
        let shape = """
            {"users": \(matrix.userCount), "movies": \(matrix.movieCount), "factors": \(factors), "nonzeros": \(matrix.columns.count)}

            """
        try write(Array(shape.utf8), to: "shape.json")
        report(
            "export-factors", (clock.now - start).inSeconds * 1000, "ms",
            "\(matrix.userCount) users x \(matrix.movieCount) movies, \(factors) factors, \(matrix.columns.count) trained pairs -> \(outputDirectory)"
        )
    }

    /// Writes the raw bytes of `values` (native, here little-endian, layout) to `name` in the output directory.
    private func write<Element: BitwiseCopyable>(_ values: [Element], to name: String) throws {
        let url = URL(fileURLWithPath: outputDirectory).appendingPathComponent(name)
        try values.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else {
                try Data().write(to: url)
                return
            }
            try Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: buffer.count, deallocator: .none).write(to: url)
        }
    }
}
