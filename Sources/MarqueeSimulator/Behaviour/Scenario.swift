/// A disturbance of the simulated service from a given scenario day on, to show that monitoring catches it.
public enum Scenario: Hashable, Sendable, CustomStringConvertible {
    /// The recommendation service is unreachable for `hours` hours from the start of `day`: every request in that
    /// window is logged with status 0.
    case outage(day: Int, hours: Double)
    /// From `day` on, a share `rate` of the log's lines is malformed or refers to unknown users and movies.
    case formatFault(day: Int, rate: Double)
    /// From `day` on, the users of a demographic group turn their genre tastes around: they now dislike the genres
    /// their group liked and like those it disliked.
    case tasteShift(day: Int, group: DemographicGroup)
    /// From `day` on, a movie almost nobody watched (the catalogue's least popular) becomes a blockbuster: browsing
    /// users see it in about a third of their visits, and everyone likes it.
    case popularityShock(day: Int)
    /// On `day`, `accounts` dormant accounts (the least active users) push an unpopular movie (the catalogue's second
    /// least popular): each watches it and the 3 most popular movies to the end and rates all four with the top rating.
    case shilling(day: Int, accounts: Int)

    /// Parses `outage@DAY[:HOURS]` (default 6 hours), `format-fault@DAY[:RATE]` (default 0.2),
    /// `taste-shift@DAY[:GROUP]` (default `F`, see ``DemographicGroup``), `popularity-shock@DAY` or
    /// `shilling@DAY[:ACCOUNTS]` (default 40); `nil` otherwise.
    public init?(parsing text: String) {
        let parts = text.split(separator: "@", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        let arguments = parts[1].split(separator: ":", maxSplits: 1)
        guard let first = arguments.first, let day = Int(first), day >= 0 else { return nil }
        let argument = arguments.count == 2 ? String(arguments[1]) : nil
        let value = argument.flatMap(Double.init)
        if argument != nil, value == nil, parts[0] != "taste-shift" { return nil }
        switch parts[0] {
        case "outage":
            let hours = value ?? 6
            guard hours > 0, hours <= 24 * 365 else { return nil }
            self = .outage(day: day, hours: hours)
        case "format-fault":
            let rate = value ?? 0.2
            guard rate > 0, rate <= 0.5 else { return nil }
            self = .formatFault(day: day, rate: rate)
        case "taste-shift":
            guard let group = DemographicGroup(parsing: argument ?? "F") else { return nil }
            self = .tasteShift(day: day, group: group)
        case "popularity-shock":
            guard argument == nil else { return nil }
            self = .popularityShock(day: day)
        case "shilling":
            let accounts = value ?? 40
            guard accounts >= 1, accounts <= 100_000, accounts == accounts.rounded() else { return nil }
            self = .shilling(day: day, accounts: Int(accounts))
        default:
            return nil
        }
    }

    /// The forms ``init(parsing:)`` accepts, for help and error messages.
    public static let syntax =
        "outage@DAY[:HOURS], format-fault@DAY[:RATE], taste-shift@DAY[:GROUP] (GROUP: F, M, or F/M with an age band <18, 18-29, 30-49, 50+, e.g. F18-29) popularity-shock@DAY or shilling@DAY[:ACCOUNTS]"

    public var description: String {
        switch self {
        case .outage(let day, let hours): "outage@\(day):\(hours)"
        case .formatFault(let day, let rate): "format-fault@\(day):\(rate)"
        case .tasteShift(let day, let group): "taste-shift@\(day):\(group)"
        case .popularityShock(let day): "popularity-shock@\(day)"
        case .shilling(let day, let accounts): "shilling@\(day):\(accounts)"
        }
    }
}

/// A demographic group of simulated users: a gender, optionally narrowed to an age band.
public struct DemographicGroup: Hashable, Sendable, CustomStringConvertible {
    /// Whether the group is of women (`F`) or men (`M`).
    public var isFemale: Bool
    /// The age band (0 under 18, 1 for 18–29, 2 for 30–49, 3 for 50 and over), or `nil` for every age.
    public var ageBand: Int?

    private static let bandNames = ["<18", "18-29", "30-49", "50+"]

    /// Parses `F`, `M`, or either followed by an age band, e.g. `F18-29` or `M50+`.
    public init?(parsing text: String) {
        guard let gender = text.first, gender == "F" || gender == "M" else { return nil }
        isFemale = gender == "F"
        let band = String(text.dropFirst())
        if band.isEmpty {
            ageBand = nil
        } else if let index = Self.bandNames.firstIndex(of: band) {
            ageBand = index
        } else {
            return nil
        }
    }

    /// Whether a user of this gender and age band belongs to the group.
    func contains(isFemale: Bool, ageBand: Int) -> Bool {
        self.isFemale == isFemale && (self.ageBand.map { $0 == ageBand } ?? true)
    }

    public var description: String { (isFemale ? "F" : "M") + (ageBand.map { Self.bandNames[$0] } ?? "") }
}
