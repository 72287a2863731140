import MarqueeCore

/// A demographic group for cold start and per-group reporting: gender × age band, either possibly unknown.
public struct DemographicGroup: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The age bands of the MovieLens-1M user table: under 18, 18–24, 25–34, 35–44, 45–49, 50–55, 56 and over.
    public static let ageBands = ["<18", "18-24", "25-34", "35-44", "45-49", "50-55", "56+"]

    /// A compact code: gender (0 unknown, 1 `F`, 2 `M`) × 8 + age band (0 unknown, 1… per ``ageBands``).
    public let code: UInt8

    /// The group of `user`.
    public init(_ user: User) {
        let gender: UInt8 =
            switch user.gender?.uppercased() {
            case "F": 1
            case "M": 2
            default: 0
            }
        self.code = gender * 8 + Self.band(age: user.age)
    }

    /// The group with code `code`, or `nil` for a code no group has.
    public init?(code: UInt8) {
        guard code / 8 <= 2, code % 8 <= UInt8(Self.ageBands.count) else { return nil }
        self.code = code
    }

    private static func band(age: Int?) -> UInt8 {
        guard let age, age >= 0 else { return 0 }
        switch age {
        case ..<18: return 1
        case 18...24: return 2
        case 25...34: return 3
        case 35...44: return 4
        case 45...49: return 5
        case 50...55: return 6
        default: return 7
        }
    }

    /// The gender, `F` or `M`, or `nil` when unknown.
    public var gender: String? { [nil, "F", "M"][Int(code / 8)] }

    /// The age band, e.g. `25-34`, or `nil` when unknown.
    public var ageBand: String? { code % 8 == 0 ? nil : Self.ageBands[Int(code % 8) - 1] }

    /// Whether neither gender nor age is known.
    public var isUnknown: Bool { code == 0 }

    /// E.g. `F 25-34`, `M (age unknown)`, `everyone`.
    public var description: String {
        switch (gender, ageBand) {
        case (nil, nil): "everyone"
        case (let gender?, nil): "\(gender) (age unknown)"
        case (nil, let band?): "age \(band)"
        case (let gender?, let band?): "\(gender) \(band)"
        }
    }

    public static func < (lhs: DemographicGroup, rhs: DemographicGroup) -> Bool { lhs.code < rhs.code }
}
