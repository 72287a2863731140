import Foundation
import MarqueeCore

/// The simulated service's users, `0..<count`, each derived on demand from `(seed, id)`.
///
/// Nothing per user is stored, so a population of a million users costs no memory and user 999,999
/// can be looked up without generating the others. Demographics are correlated as in MovieLens:
/// K-12 students are children, college students are young, retirees are old.
public struct UserPopulation: Sendable {
    /// Number of users; ids are `0..<count`.
    public let count: Int
    /// The seed everything is derived from.
    public let seed: UInt64

    /// Creates a population of `count` users under `seed`.
    public init(seed: UInt64, count: Int) {
        self.seed = seed
        self.count = max(0, count)
    }

    /// Whether `id` names a user of this population.
    public func contains(_ id: UserID) -> Bool { id.rawValue < Int64(count) }

    /// The user record of `id`, or `nil` when the population has no such user.
    public func user(_ id: UserID) -> User? {
        guard contains(id) else { return nil }
        let profile = profile(of: Int(id.rawValue))
        return User(id: id, age: profile.age, occupation: User.occupations[profile.occupation], gender: profile.isFemale ? "F" : "M")
    }

    /// The hidden and visible attributes of user `index`.
    func profile(of index: Int) -> UserProfile {
        var rng = SplitMix64(seed: seed, stream: Streams.demographics, key: UInt64(index))
        let occupation = Self.occupationSampler.sample(using: &rng)
        let age: Int
        switch occupation {
        case 10: age = rng.integer(in: 11...17)  // K-12 student
        case 4: age = 18 + min(Int(abs(rng.gaussian()) * 4), 14)  // college/grad student
        case 13: age = rng.integer(in: 58...84)  // retired
        case 9: age = rng.integer(in: 24...62)  // homemaker
        default: age = Int((36 + 11 * rng.gaussian()).clamped(to: 19...72))
        }
        let femaleShare: Double =
            switch occupation {
            case 9: 0.92  // homemaker
            case 3, 6: 0.6  // clerical/admin, doctor/health care
            case 12, 17, 18, 8: 0.15  // programmer, technician/engineer, tradesman, farmer
            default: 0.32
            }
        let isFemale = rng.chance(femaleShare)
        return UserProfile(age: age, isFemale: isFemale, occupation: occupation)
    }

    /// How active user `index` is relative to the average user: Pareto-like with mean 1, so a few
    /// heavy users account for much of the traffic.
    func activity(of index: Int) -> Double {
        let u = 1 - SplitMix64.unit(seed: seed, stream: Streams.activityLevel, key: UInt64(index))
        return 0.6 * pow(u, -0.4)
    }

    /// MovieLens-1M occupation counts, in the order of ``User/occupations``.
    static let occupationWeights: [Double] = [
        711, 528, 267, 173, 759, 112, 236, 679, 17, 92, 195, 129, 388, 142, 302, 144, 241, 502, 70, 72, 281,
    ]
    static let occupationSampler = AliasTable(weights: occupationWeights)
}

/// What the simulator knows about a user, visible (demographics) and hidden (activity).
struct UserProfile: Sendable, Hashable {
    var age: Int
    var isFemale: Bool
    /// Index into ``User/occupations``.
    var occupation: Int

    /// Age band: 0 under 18, 1 for 18–29, 2 for 30–49, 3 for 50 and over.
    var ageBand: Int { age < 18 ? 0 : age < 30 ? 1 : age < 50 ? 2 : 3 }

    /// Demographic group, gender × age band, `0..<DemographicGroup.count`.
    var group: Int { (isFemale ? 4 : 0) + ageBand }
}

/// Stream keys that keep the independent random facts of one id apart.
enum Streams {
    static let demographics: UInt64 = 1
    static let userFactors: UInt64 = 2
    static let dailyActivity: UInt64 = 3
    static let sessionTimes: UInt64 = 4
    static let movieFactors: UInt64 = 5
    static let genreTaste: UInt64 = 6
    static let activityLevel: UInt64 = 7
    static let joinTime: UInt64 = 8
    static let selfDescription: UInt64 = 9
}
