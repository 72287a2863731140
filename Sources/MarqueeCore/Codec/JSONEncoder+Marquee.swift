import Foundation

extension JSONEncoder {
    /// A new encoder for Marquee's JSON formats: property names are written in snake_case, keys sorted.
    ///
    /// `plannedPerArm` is written `planned_per_arm`, `artifactSHA256` `artifact_sha256`; a key without an upper-case
    /// letter (`ndcg@20`, `p99`, `latency_ms`) is written as it is, so a `CodingKeys` raw value that is already snake
    /// case keeps its text. The keys of a `[String: …]` dictionary (metric names, Kafka topics) are never converted.
    /// A type whose JSON keys are not the snake case of its property names keeps its own `CodingKeys`.
    /// - Parameter outputFormatting: the formatting, `.sortedKeys` by default so that equal values give equal text.
    public static func marquee(outputFormatting: OutputFormatting = .sortedKeys) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = outputFormatting
        return encoder
    }
}
