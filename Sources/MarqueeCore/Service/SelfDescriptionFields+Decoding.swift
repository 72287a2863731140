import Foundation

extension SelfDescriptionFields {
    /// The `userInfo` key under which a decoder carries the configured fields, for ``User``'s decoding.
    ///
    /// Optional only because `CodingUserInfoKey`'s initialiser is; it never fails for this name.
    public static let key = CodingUserInfoKey(rawValue: "marquee.selfDescriptionFields")

    /// A JSON decoder that reads users' self-descriptions under these keys.
    public func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        if let key = Self.key { decoder.userInfo[key] = self }
        return decoder
    }
}
