import MarqueeCore

/// The demographic dimensions metrics are broken down by.
public enum DemographicDimension: String, CaseIterable, Hashable, Sendable, Codable {
    case gender
    case age
    case occupation

    /// The group of `user` along this dimension; `unknown` when the catalogue has no value (or no record).
    public func group(of user: User?) -> String {
        switch self {
        case .gender: user?.gender.flatMap { $0.isEmpty ? nil : $0 } ?? "unknown"
        case .age: user?.age.map(Self.ageBand) ?? "unknown"
        case .occupation: user?.occupation.flatMap { $0.isEmpty ? nil : $0 } ?? "unknown"
        }
    }

    /// The MovieLens age band of an age: `<18`, `18-24`, `25-34`, `35-44`, `45-49`, `50-55` or `56+`.
    public static func ageBand(_ age: Int) -> String {
        switch age {
        case ..<18: "<18"
        case 18...24: "18-24"
        case 25...34: "25-34"
        case 35...44: "35-44"
        case 45...49: "45-49"
        case 50...55: "50-55"
        default: "56+"
        }
    }
}

/// The metrics of one demographic group and how many test users it has.
public struct GroupMetrics: Hashable, Sendable, Codable {
    /// Test users in the group.
    public var users: Int
    /// The group's metrics.
    public var metrics: MetricSet

    /// Creates group metrics.
    public init(users: Int, metrics: MetricSet) {
        self.users = users
        self.metrics = metrics
    }
}

/// Metrics per group, per dimension: `byGroup["age"]?["25-34"]`.
public typealias GroupBreakdown = [String: [String: GroupMetrics]]

/// Breaks `results` down by every ``DemographicDimension`` and computes each group's metrics.
public func metricsByGroup(
    _ results: [(case: TestCase, list: [MovieID])], users: [UserID: User], popularityRanking: [MovieID]
) -> GroupBreakdown {
    var breakdown: GroupBreakdown = [:]
    for dimension in DemographicDimension.allCases {
        var groups: [String: [(case: TestCase, list: [MovieID])]] = [:]
        for result in results { groups[dimension.group(of: users[result.case.user]), default: []].append(result) }
        breakdown[dimension.rawValue] = groups.mapValues { members in
            GroupMetrics(users: members.count, metrics: MetricSet(results: members, popularityRanking: popularityRanking))
        }
    }
    return breakdown
}
