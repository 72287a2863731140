import MarqueeModels
import Testing

struct ModelKindsTests {
    @Test(arguments: ModelKinds.names)
    func createsATrainerOfEachKind(kind: String) throws {
        #expect(try ModelKinds.trainer(kind: kind, parameters: [:]).kind == kind)
    }

    @Test func appliesParameters() throws {
        let trainer = try #require(
            try (ModelKinds.trainer(kind: "als", parameters: ["factors": "16", "alpha": "2.5", "seed": "9"]) as? NewMovieColdStartTrainer)?.base
                as? ALSTrainer)
        #expect(trainer.configuration.factors == 16)
        #expect(trainer.configuration.alpha == 2.5)
        #expect(trainer.configuration.seed == 9)
    }

    @Test func rejectsUnknownKind() {
        let error = #expect(throws: ModelError.self) { try ModelKinds.trainer(kind: "svd", parameters: [:]) }
        #expect(error?.code == .unknownKind)
        #expect(error?.message.contains("als") == true)
    }

    @Test func rejectsUnknownKeyNamingTheAllowedOnes() {
        let error = #expect(throws: ModelError.self) { try ModelKinds.trainer(kind: "item-knn", parameters: ["k": "5"]) }
        #expect(error?.code == .invalidParameter)
        #expect(error?.message.contains("'k'") == true)
        #expect(error?.message.contains("neighbours") == true)
    }

    @Test(arguments: [("factors", "many"), ("factors", "0"), ("alpha", "-1"), ("regularization", "nan"), ("cg_steps", "1000")])
    func rejectsBadValuesNamingKeyAndRange(key: String, value: String) {
        let error = #expect(throws: ModelError.self) { try ModelKinds.trainer(kind: "als", parameters: [key: value]) }
        #expect(error?.code == .invalidParameter)
        #expect(error?.message.contains(key) == true)
        #expect(error?.message.contains("between") == true || error?.message.contains("...") == true)
    }
}
