import Foundation
import MarqueeCore
import Testing

struct UserSelfDescriptionTests {
    @Test func decodesTheNewerVariantsFreeTextAnswers() throws {
        let json = #"{"user_id": 7, "age": 29, "likes": "the matrix, Alien (1979)", "dislikes": "titanic"}"#
        let user = try JSONDecoder().decode(User.self, from: Data(json.utf8))
        #expect(user.likes == "the matrix, Alien (1979)")
        #expect(user.dislikes == "titanic")
        #expect(user.hasSelfDescription)
    }

    @Test(arguments: [
        #"{"user_id": 7}"#, #"{"user_id": 7, "likes": null, "dislikes": null}"#,
        #"{"user_id": 7, "likes": 12, "dislikes": ["alien"]}"#, #"{"user_id": 7, "likes": {"a": 1}, "dislikes": false}"#,
    ])
    func decodesMissingNullOrNonStringAnswersAsNil(json: String) throws {
        let user = try JSONDecoder().decode(User.self, from: Data(json.utf8))
        #expect(user.likes == nil)
        #expect(user.dislikes == nil)
        #expect(!user.hasSelfDescription)
    }

    @Test func encodesAnswersOnlyWhenPresent() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let id = try #require(UserID(3))
        let without = String(decoding: try encoder.encode(User(id: id, gender: "M")), as: UTF8.self)
        #expect(without == #"{"gender":"M","user_id":3}"#)
        let with = User(id: id, gender: "M", likes: "heat\nalien", dislikes: "")
        let encoded = try encoder.encode(with)
        #expect(String(decoding: encoded, as: UTF8.self) == #"{"dislikes":"","gender":"M","likes":"heat\nalien","user_id":3}"#)
        #expect(try JSONDecoder().decode(User.self, from: encoded) == with)
    }
}

struct UserConfiguredSelfDescriptionTests {
    @Test func readsTheAnswersUnderTheConfiguredKeysOnly() throws {
        // Given the service's undocumented keys, configured
        let fields = SelfDescriptionFields(likes: "fav_movies", dislikes: "hated_movies")
        let json = #"{"user_id": 7, "fav_movies": "alien", "hated_movies": "titanic", "likes": "ignored"}"#
        // When a record is decoded with them
        let user = try fields.decoder().decode(User.self, from: Data(json.utf8))
        // Then the configured keys are read, and the guessed ones are not
        #expect(user.likes == "alien")
        #expect(user.dislikes == "titanic")
        // And without them, the guessed keys are
        let guessed = try JSONDecoder().decode(User.self, from: Data(json.utf8))
        #expect(guessed.likes == "ignored")
        #expect(guessed.dislikes == nil)
    }
}
