import Foundation

/// The configuration file: a JSON object whose keys are all optional (a missing key keeps the older variant's value) and
/// whose unknown keys are refused, so that a misspelt key cannot silently leave a default in place.
///
/// ```json
/// {
///   "rating_scale": 10,
///   "request_budget_ms": 600,
///   "self_description": {"likes": "movies_liked", "dislikes": "movies_disliked"},
///   "catalogue_api": {"url": "http://catalogue:8080", "max_concurrent_requests": 4, "bulk_size": 200}
/// }
/// ```
extension ServiceConfiguration {
    /// The top-level keys and what each accepts, as error messages list them.
    static let keys: KeyValuePairs<String, String> = [
        "rating_scale": "5 (older variant) or 10 (newer variant)",
        "request_budget_ms": "milliseconds the service waits for an answer, 50...10000 (800 older variant, 600 newer)",
        "self_description": #"an object {"likes": KEY, "dislikes": KEY} naming the user API's JSON keys"#,
        "catalogue_api": #"an object {"url": "http://host:8080", "max_concurrent_requests": 1...64, "bulk_size": 1...200}, or null"#,
    ]

    /// Reads a configuration from a JSON file's contents.
    ///
    /// - Parameters:
    ///   - json: the file's bytes.
    ///   - source: the file's name for messages, e.g. its path.
    /// - Throws: ``MarqueeError`` `invalid_argument` naming the bad key and what it accepts.
    public init(json: Data, source: String) throws(MarqueeError) {
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: json) as? [String: Any] else {
                throw MarqueeError(.invalidArgument, "\(source): a service configuration must be a JSON object, e.g. {\"rating_scale\": 10}")
            }
            object = parsed
        } catch let error as MarqueeError {
            throw error
        } catch {
            throw MarqueeError(
                .invalidArgument, "\(source) is not valid JSON (\(error.localizedDescription)): fix the file (examples: deploy/service/*.json)")
        }
        let reader = JSONObjectReader(object: object, path: "", source: source)
        try reader.refuseUnknownKeys(Self.keys.map { ($0.key, $0.value) })
        var configuration = ServiceConfiguration()
        if let scale = try reader.integer("rating_scale", accepting: Self.keys[0].value) {
            guard scale == 5 || scale == 10, let ratingScale = RatingScale(maximum: scale) else {
                throw reader.invalid("rating_scale", "\(scale)", accepting: Self.keys[0].value)
            }
            configuration.ratingScale = ratingScale
        }
        if let budget = try reader.integer("request_budget_ms", accepting: Self.keys[1].value) {
            guard (50...10_000).contains(budget) else { throw reader.invalid("request_budget_ms", "\(budget)", accepting: Self.keys[1].value) }
            configuration.requestBudget = .milliseconds(budget)
        }
        if let fields = try reader.object("self_description", accepting: Self.keys[2].value) {
            let accepted = "a non-empty JSON key, e.g. \"likes\""
            try fields.refuseUnknownKeys([("likes", accepted), ("dislikes", accepted)])
            configuration.selfDescriptionFields.likes = try fields.key("likes") ?? configuration.selfDescriptionFields.likes
            configuration.selfDescriptionFields.dislikes = try fields.key("dislikes") ?? configuration.selfDescriptionFields.dislikes
            guard configuration.selfDescriptionFields.likes != configuration.selfDescriptionFields.dislikes else {
                throw fields.invalid("dislikes", configuration.selfDescriptionFields.dislikes, accepting: "a key other than the likes key")
            }
        }
        if let api = try reader.object("catalogue_api", accepting: Self.keys[3].value) {
            let accepted: [(String, String)] = [
                ("url", "an http(s) URL with a host, e.g. http://catalogue:8080"), ("max_concurrent_requests", "an integer 1...64"),
                ("bulk_size", "an integer 1...200"),
            ]
            try api.refuseUnknownKeys(accepted)
            guard let url = try api.string("url", accepting: accepted[0].1) else {
                throw api.invalid("url", "nothing", accepting: accepted[0].1)
            }
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
                throw api.invalid("url", "'\(url)'", accepting: accepted[0].1)
            }
            var settings = CatalogueAPISettings(url: url)
            if let concurrent = try api.integer("max_concurrent_requests", accepting: accepted[1].1) {
                guard (1...64).contains(concurrent) else { throw api.invalid("max_concurrent_requests", "\(concurrent)", accepting: accepted[1].1) }
                settings.maximumConcurrentRequests = concurrent
            }
            if let bulk = try api.integer("bulk_size", accepting: accepted[2].1) {
                guard (1...200).contains(bulk) else { throw api.invalid("bulk_size", "\(bulk)", accepting: accepted[2].1) }
                settings.bulkSize = bulk
            }
            configuration.catalogueAPI = settings
        }
        self = configuration
    }

    /// The configuration as a JSON object with every key written, sorted, as the store records it and
    /// `marquee config show` prints it; ``init(json:source:)`` reads it back unchanged.
    public var json: String {
        var object: [String: Any] = [
            "rating_scale": ratingScale.maximum,
            "request_budget_ms": requestBudgetMilliseconds,
            "self_description": ["likes": selfDescriptionFields.likes, "dislikes": selfDescriptionFields.dislikes],
        ]
        if let catalogueAPI {
            object["catalogue_api"] = [
                "url": catalogueAPI.url, "max_concurrent_requests": catalogueAPI.maximumConcurrentRequests, "bulk_size": catalogueAPI.bulkSize,
            ]
        } else {
            object["catalogue_api"] = NSNull()
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// What differs between this configuration and `other`, one `key: this → other` per line, for messages.
    public func differences(from other: ServiceConfiguration) -> [String] {
        var lines: [String] = []
        if ratingScale != other.ratingScale { lines.append("rating_scale: \(ratingScale.maximum) → \(other.ratingScale.maximum)") }
        if requestBudget != other.requestBudget {
            lines.append("request_budget_ms: \(requestBudgetMilliseconds) → \(other.requestBudgetMilliseconds)")
        }
        if selfDescriptionFields != other.selfDescriptionFields {
            lines.append(
                "self_description: \(selfDescriptionFields.likes)/\(selfDescriptionFields.dislikes) → "
                    + "\(other.selfDescriptionFields.likes)/\(other.selfDescriptionFields.dislikes)")
        }
        if catalogueAPI != other.catalogueAPI {
            lines.append("catalogue_api: \(catalogueAPI?.url ?? "none") → \(other.catalogueAPI?.url ?? "none")")
        }
        return lines
    }
}

/// Reads typed values from one JSON object of the configuration file, with errors naming the key by its path.
private struct JSONObjectReader {
    let object: [String: Any]
    let path: String
    let source: String

    func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func invalid(_ key: String, _ value: String, accepting accepted: String) -> MarqueeError {
        MarqueeError(.invalidArgument, "\(source): '\(name(key))' is \(value); it accepts \(accepted)")
    }

    func refuseUnknownKeys(_ known: [(String, String)]) throws(MarqueeError) {
        let names = Set(known.map(\.0))
        for key in object.keys.sorted() where !names.contains(key) {
            throw MarqueeError(
                .invalidArgument,
                "\(source): unknown key '\(name(key))'; the accepted keys are "
                    + known.map { "'\(name($0.0))' (\($0.1))" }.joined(separator: ", "))
        }
    }

    func integer(_ key: String, accepting accepted: String) throws(MarqueeError) -> Int? {
        guard let value = object[key] else { return nil }
        guard let number = value as? NSNumber, let integer = Int(exactly: number.doubleValue) else {
            throw invalid(key, "\(value)", accepting: accepted)
        }
        return integer
    }

    func string(_ key: String, accepting accepted: String) throws(MarqueeError) -> String? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let text = value as? String else { throw invalid(key, "\(value)", accepting: accepted) }
        return text
    }

    /// A JSON key name: a string that is not empty and has no control characters.
    func key(_ key: String) throws(MarqueeError) -> String? {
        let accepted = "a non-empty JSON key, e.g. \"likes\""
        guard let text = try string(key, accepting: accepted) else { return nil }
        guard !text.isEmpty, !text.unicodeScalars.contains(where: { $0.value < 0x20 }) else {
            throw invalid(key, "'\(text)'", accepting: accepted)
        }
        return text
    }

    /// A nested object, or `nil` when the key is missing or `null`.
    func object(_ key: String, accepting accepted: String) throws(MarqueeError) -> JSONObjectReader? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let nested = value as? [String: Any] else { throw invalid(key, "\(value)", accepting: accepted) }
        return JSONObjectReader(object: nested, path: name(key), source: source)
    }
}
