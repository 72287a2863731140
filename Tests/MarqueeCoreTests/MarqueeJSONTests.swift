import Foundation
import MarqueeCore
import Testing

struct MarqueeJSONTests {
    struct Sample: Codable, Equatable {
        var plannedPerArm: Int
        var pValue: Double
        var ndcg20: Double
        var p99: Int
        var t: Double
        var byReason: [String: Int]
        var costPerWatchedMinute: Double?
    }

    /// Keys written as declared in `CodingKeys`, beside converted ones.
    struct Renamed: Encodable {
        var latencyMilliseconds: Int
        var validationNDCG20: Double
        var artifactSHA256: String
        var snapshotID: String

        enum CodingKeys: String, CodingKey {
            case latencyMilliseconds = "latency_ms"
            case validationNDCG20 = "validation_ndcg@20"
            case artifactSHA256, snapshotID
        }
    }

    private let sample = Sample(
        plannedPerArm: 1_000, pValue: 0.5, ndcg20: 0.25, p99: 12, t: 1.5, byReason: ["truncated": 1, "bad_rating": 2, "movieLog": 3],
        costPerWatchedMinute: nil)

    @Test func writesSnakeCaseKeysSortedAndLeavesDictionaryKeysAlone() throws {
        // When a value is encoded with the Marquee encoder
        let text = String(decoding: try JSONEncoder.marquee().encode(sample), as: UTF8.self)
        // Then camelCase names become snake case, digits stay attached, dictionary keys are untouched, nil is left out
        #expect(
            text == #"{"by_reason":{"bad_rating":2,"movieLog":3,"truncated":1},"ndcg20":0.25,"p99":12,"p_value":0.5,"planned_per_arm":1000,"t":1.5}"#)
    }

    @Test func readsBackWhatItWrote() throws {
        let data = try JSONEncoder.marquee().encode(sample)
        #expect(try JSONDecoder.marquee().decode(Sample.self, from: data) == sample)
    }

    @Test func keepsSnakeCaseRawValuesAndConvertsAcronymsWhole() throws {
        let value = Renamed(latencyMilliseconds: 3, validationNDCG20: 0.5, artifactSHA256: "abc", snapshotID: "s1")
        let text = String(decoding: try JSONEncoder.marquee().encode(value), as: UTF8.self)
        #expect(text == #"{"artifact_sha256":"abc","latency_ms":3,"snapshot_id":"s1","validation_ndcg@20":0.5}"#)
    }

    @Test func cannotReadAcronymsBackWhichIsWhyTheirTypesKeepCodingKeys() throws {
        // Given a key written from `snapshotID`
        struct Identified: Codable { var snapshotID: String }
        let data = try JSONEncoder.marquee().encode(Identified(snapshotID: "s1"))
        // Then the snake-case decoder looks for `snapshotId` and does not find it
        #expect(throws: DecodingError.self) { try JSONDecoder.marquee().decode(Identified.self, from: data) }
    }

    @Test func honoursTheFormattingAskedFor() throws {
        let encoder = JSONEncoder.marquee(outputFormatting: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        let text = String(decoding: try encoder.encode(["planned/arm": 1]), as: UTF8.self)
        #expect(text == "{\n  \"planned/arm\" : 1\n}")
    }
}
