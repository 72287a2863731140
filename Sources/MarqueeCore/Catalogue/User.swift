/// A user record of the streaming service's user API (SPEC.md §2).
public struct User: Hashable, Sendable, Codable {
    /// The user's id.
    public var id: UserID
    /// Age in years, when known.
    public var age: Int?
    /// One of the MovieLens occupations, e.g. `scientist`, when known.
    public var occupation: String?
    /// `M` or `F`, when known.
    public var gender: String?
    /// The free-text answer to "What movies do you like?" given at sign-up (newer variant of the service), when given.
    public var likes: String?
    /// The free-text answer to "What movies do you not like?" given at sign-up (newer variant of the service), when given.
    public var dislikes: String?

    /// Creates a user record.
    public init(
        id: UserID, age: Int? = nil, occupation: String? = nil, gender: String? = nil, likes: String? = nil, dislikes: String? = nil
    ) {
        self.id = id
        self.age = age
        self.occupation = occupation
        self.gender = gender
        self.likes = likes
        self.dislikes = dislikes
    }

    /// Whether the user answered either self-description question with some text.
    public var hasSelfDescription: Bool { likes?.isEmpty == false || dislikes?.isEmpty == false }

    enum CodingKeys: String, CodingKey {
        case id = "user_id"
        case age, occupation, gender, likes, dislikes
    }

    /// A key chosen at run time: a configured self-description field.
    private struct FieldName: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes a record of the user API; the self-description answers are read under the keys that the decoder's
    /// `userInfo[SelfDescriptionFields.key]` names, `likes` and `dislikes` when it names none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let rawID = try container.decodeLenientInteger(forKey: .id)
        guard let rawID, let id = UserID(rawID) else {
            throw DecodingError.dataCorruptedError(forKey: .id, in: container, debugDescription: "user_id must be a non-negative integer")
        }
        self.id = id
        self.age = try container.decodeLenientInteger(forKey: .age).map(Int.init)
        self.occupation = try container.decodeIfPresent(String.self, forKey: .occupation)
        self.gender = try container.decodeIfPresent(String.self, forKey: .gender)
        // The self-description keys are the service's, configured (``SelfDescriptionFields``); `likes`/`dislikes` otherwise.
        let fields = SelfDescriptionFields.key.flatMap { decoder.userInfo[$0] as? SelfDescriptionFields } ?? SelfDescriptionFields()
        let answers = try decoder.container(keyedBy: FieldName.self)
        self.likes = try answers.decodeLenientText(forKey: FieldName(fields.likes))
        self.dislikes = try answers.decodeLenientText(forKey: FieldName(fields.dislikes))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id.rawValue, forKey: .id)
        try container.encodeIfPresent(age, forKey: .age)
        try container.encodeIfPresent(occupation, forKey: .occupation)
        try container.encodeIfPresent(gender, forKey: .gender)
        try container.encodeIfPresent(likes, forKey: .likes)
        try container.encodeIfPresent(dislikes, forKey: .dislikes)
    }
}

extension User {
    /// The 21 occupations of the MovieLens user table, which the streaming service uses too.
    public static let occupations = [
        "other or not specified", "academic/educator", "artist", "clerical/admin", "college/grad student",
        "customer service", "doctor/health care", "executive/managerial", "farmer", "homemaker", "K-12 student",
        "lawyer", "programmer", "retired", "sales/marketing", "scientist", "self-employed", "technician/engineer",
        "tradesman/craftsman", "unemployed", "writer",
    ]
}
