/// Decoding that accepts what the streaming service's APIs actually send: numbers as strings,
/// `null`, missing keys, and values of the wrong type (treated as missing).
extension KeyedDecodingContainer {
    func decodeLenientDouble(forKey key: Key) throws -> Double? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let value = try? decode(Double.self, forKey: key) { return value.isFinite ? value : nil }
        if let text = try? decode(String.self, forKey: key), let value = Double(text.trimmingSpaces()), value.isFinite {
            return value
        }
        return nil
    }

    func decodeLenientInteger(forKey key: Key) throws -> Int64? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let value = try? decode(Int64.self, forKey: key) { return value }
        if let value = try decodeLenientDouble(forKey: key), value.rounded() == value, abs(value) < 9e15 { return Int64(value) }
        return nil
    }

    func decodeLenientString(forKey key: Key) throws -> String? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let value = try? decode(String.self, forKey: key) { return value }
        if let value = try? decode(Double.self, forKey: key) { return String(value) }
        return nil
    }

    /// Free text: a string, else `nil` (missing, `null`, a number, an object or an array).
    func decodeLenientText(forKey key: Key) throws -> String? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        return try? decode(String.self, forKey: key)
    }

    func decodeLenientBool(forKey key: Key) throws -> Bool? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let value = try? decode(Bool.self, forKey: key) { return value }
        switch try? decode(String.self, forKey: key) {
        case "true", "True", "1": return true
        case "false", "False", "0": return false
        default: return nil
        }
    }
}

extension String {
    func trimmingSpaces() -> Substring {
        let start = firstIndex { $0 != " " } ?? endIndex
        let end = lastIndex { $0 != " " }.map { index(after: $0) } ?? start
        return self[start..<max(start, end)]
    }
}
