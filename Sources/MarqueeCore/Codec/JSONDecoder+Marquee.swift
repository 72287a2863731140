import Foundation

extension JSONDecoder {
    /// A new decoder for Marquee's JSON formats, the reverse of ``JSONEncoder/marquee(outputFormatting:)``:
    /// `planned_per_arm` is read into `plannedPerArm`.
    ///
    /// Snake case loses the case of acronyms: `artifact_sha256` reads back as `artifactSha256`, not `artifactSHA256`,
    /// and a `CodingKeys` raw value in snake case (`latency_ms`) no longer matches once the key is converted. A type
    /// with either decodes with a plain `JSONDecoder`.
    public static func marquee() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }
}
