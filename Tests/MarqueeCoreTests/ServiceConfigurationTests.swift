import Foundation
import MarqueeCore
import Testing

struct ServiceConfigurationTests {
    private func read(_ json: String) throws(MarqueeError) -> ServiceConfiguration {
        try ServiceConfiguration(json: Data(json.utf8), source: "service.json")
    }

    private func message(of json: String) -> String {
        do {
            _ = try read(json)
            return ""
        } catch {
            return error.message
        }
    }

    @Test func defaultsAreTheOlderVariantMarqueeAlwaysAssumed() throws {
        let configuration = try read("{}")
        #expect(configuration == .older)
        #expect(configuration.ratingScale == .fiveStars)
        #expect(configuration.requestBudgetMilliseconds == 800)
        #expect(configuration.selfDescriptionFields == SelfDescriptionFields(likes: "likes", dislikes: "dislikes"))
        #expect(configuration.catalogueAPI == nil)
        #expect(configuration.modelDeadline == .milliseconds(300))
    }

    @Test func readsTheNewerVariantWithItsSelfDescriptionKeysAndAPI() throws {
        // Given the newer variant's file
        let configuration = try read(
            """
            {"rating_scale": 10, "request_budget_ms": 600,
             "self_description": {"likes": "movies_liked", "dislikes": "movies_disliked"},
             "catalogue_api": {"url": "http://catalogue:8080", "max_concurrent_requests": 2, "bulk_size": 100}}
            """)
        // Then every setting is read
        #expect(configuration.ratingScale == .tenPoints)
        #expect(configuration.requestBudget == .milliseconds(600))
        #expect(configuration.modelDeadline == .milliseconds(225))
        #expect(configuration.selfDescriptionFields == SelfDescriptionFields(likes: "movies_liked", dislikes: "movies_disliked"))
        #expect(configuration.catalogueAPI == CatalogueAPISettings(url: "http://catalogue:8080", maximumConcurrentRequests: 2, bulkSize: 100))
    }

    @Test func writesEveryKeyAndReadsBackTheSameConfiguration() throws {
        var configuration = ServiceConfiguration.newer
        configuration.selfDescriptionFields = SelfDescriptionFields(likes: "a", dislikes: "b")
        configuration.catalogueAPI = CatalogueAPISettings(url: "http://127.0.0.1:8080")
        #expect(try read(configuration.json) == configuration)
        #expect(try read(ServiceConfiguration.older.json) == .older)
    }

    @Test func refusesAnUnknownKeyNamingTheAcceptedOnes() {
        let text = message(of: #"{"rating_scale": 10, "ratings_scale": 10}"#)
        #expect(text.contains("service.json: unknown key 'ratings_scale'"))
        #expect(text.contains("'rating_scale' (5 (older variant) or 10 (newer variant))"))
        #expect(message(of: #"{"self_description": {"like": "x"}}"#).contains("unknown key 'self_description.like'"))
        #expect(message(of: #"{"catalogue_api": {"url": "http://c:8080", "rate": 3}}"#).contains("unknown key 'catalogue_api.rate'"))
    }

    @Test(arguments: [
        (#"{"rating_scale": 7}"#, "'rating_scale' is 7; it accepts 5 (older variant) or 10"),
        (#"{"rating_scale": "10"}"#, "'rating_scale' is 10; it accepts"),
        (#"{"request_budget_ms": 20}"#, "'request_budget_ms' is 20; it accepts milliseconds"),
        (#"{"self_description": {"likes": ""}}"#, "'self_description.likes' is ''; it accepts a non-empty JSON key"),
        (#"{"self_description": {"likes": "same", "dislikes": "same"}}"#, "'self_description.dislikes' is same; it accepts a key other"),
        (#"{"catalogue_api": {"url": "catalogue:8080"}}"#, "'catalogue_api.url' is 'catalogue:8080'; it accepts an http(s) URL"),
        (#"{"catalogue_api": {"bulk_size": 10}}"#, "'catalogue_api.url' is nothing"),
        (#"{"catalogue_api": {"url": "http://c:8080", "bulk_size": 500}}"#, "'catalogue_api.bulk_size' is 500; it accepts an integer 1...200"),
        ("[1, 2]", "must be a JSON object"),
        ("{rating_scale: 10}", "service.json is not valid JSON"),
    ])
    func refusesABadValueNamingTheKeyAndWhatItAccepts(json: String, expected: String) {
        #expect(message(of: json).contains(expected), "\(message(of: json))")
    }

    @Test func namesTheDifferencesBetweenTwoConfigurations() {
        #expect(
            ServiceConfiguration.older.differences(from: .newer) == ["rating_scale: 5 → 10", "request_budget_ms: 800 → 600"])
        #expect(ServiceConfiguration.newer.differences(from: .newer).isEmpty)
    }
}
