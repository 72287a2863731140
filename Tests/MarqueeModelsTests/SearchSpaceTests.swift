import MarqueeModels
import Testing

struct SearchSpaceTests {
    static let searchableKinds = ModelKinds.names.filter { ModelKinds.searchSpace(of: $0) != nil }

    @Test func everyModelKindDeclaresASearchSpace() {
        #expect(Self.searchableKinds == ModelKinds.names)
    }

    @Test(arguments: searchableKinds)
    func everySampleIsAValidConfigurationOfItsKind(kind: String) throws {
        // Given the kind's declared space
        let space = try #require(ModelKinds.searchSpace(of: kind))
        let allowed = try #require(ModelKinds.parameters(of: kind))
        #expect(space.keys.allSatisfy { allowed[$0] != nil }, "\(space.keys) not all in \(allowed.keys.sorted())")
        for trial in 1...60 {
            // When a trial is sampled
            let sample = space.sample(seed: 3, trial: trial)
            // Then it sets every searched key and ModelKinds accepts it
            #expect(Set(sample.keys) == Set(space.keys))
            _ = try ModelKinds.trainer(kind: kind, parameters: sample)
        }
    }

    @Test func sampleDependsOnlyOnSeedAndTrial() throws {
        let space = try #require(ModelKinds.searchSpace(of: "als"))
        let first = (1...20).map { space.sample(seed: 42, trial: $0) }
        let again = (1...20).reversed().map { space.sample(seed: 42, trial: $0) }.reversed()
        #expect(first == Array(again))
        #expect(first != (1...20).map { space.sample(seed: 43, trial: $0) })
        #expect(Set(first.map { $0["regularization"] ?? "" }).count > 10)
    }

    @Test(arguments: [UInt64(1), 2, 7, 42, 100])
    func bothValuesOfATwoWayChoiceTurnUpInTheFirstTrialsOfASeed(seed: UInt64) throws {
        // Given the ALS space, whose iterations are one of two values
        let space = try #require(ModelKinds.searchSpace(of: "als"))
        // When a 20-trial search's samples are drawn
        let samples = (1..<20).map { space.sample(seed: seed, trial: $0) }
        // Then each value of the two-way choice comes up at least 4 times in 19 (a fair coin misses that 1 time in 200)
        for value in ["10", "15"] { #expect(samples.filter { $0["iterations"] == value }.count >= 4, "seed \(seed), iterations \(value)") }
    }

    @Test func logUniformValuesStayInTheirRangeAndSpreadOverDecades() throws {
        // Given a log-uniform range of four decades
        let space = SearchSpace([.init("regularization", .logUniform(0.01...100))])
        // When many trials are sampled
        let values = try (1...400).map { try #require(Double(space.sample(seed: 9, trial: $0)["regularization"] ?? "")) }
        // Then all lie in the range, and each decade gets a fair share
        #expect(values.allSatisfy { (0.01...100).contains($0) })
        for decade in [0.01, 0.1, 1, 10] {
            let inDecade = values.filter { $0 >= decade && $0 < decade * 10 }.count
            #expect(inDecade > 60, "decade \(decade): \(inDecade) of 400")
        }
    }

    @Test func summaryNamesEveryRange() throws {
        let summary = try #require(ModelKinds.searchSpace(of: "als")).summary
        #expect(summary.contains("factors {8, 16, 32, 64}") && summary.contains("regularization log-uniform [0.01, 100]"))
    }
}
