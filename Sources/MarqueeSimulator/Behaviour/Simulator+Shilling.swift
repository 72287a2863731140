import MarqueeCore

/// The ground truth of a `shilling` scenario: who attacks and what they push.
public struct ShillingAttack: Hashable, Sendable {
    /// The dormant accounts used: the least active established users (ties to the lower id).
    public let accounts: [UserID]
    /// The pushed movie: the catalogue's second least popular.
    public let target: MovieID
    /// The movies each account watches to the end and rates at the top, in order: the target, then the 3 most
    /// popular movies as filler, so the target looks like them to an item-to-item model.
    let plan: [Int]
}

extension Simulator {
    /// The attack a `shilling` scenario with `accounts` accounts makes in this world.
    public func shillingAttack(accounts count: Int) -> ShillingAttack {
        let users = catalogue.users
        let established = users.count - Int((Double(users.count) * configuration.newAccountShare).rounded())
        let activity = (0..<established).map { users.activity(of: $0) }
        let accounts = activity.indices.sorted { activity[$0] != activity[$1] ? activity[$0] < activity[$1] : $0 < $1 }.prefix(count)
        let priors = catalogue.movies.popularity
        let byPopularity = priors.indices.sorted { priors[$0] != priors[$1] ? priors[$0] < priors[$1] : $0 < $1 }
        let target = byPopularity.count > 1 ? byPopularity[1] : byPopularity.first ?? 0
        let plan = [target] + byPopularity.suffix(3).reversed()
        return ShillingAttack(
            accounts: accounts.compactMap { UserID(Int64($0)) }, target: catalogue.movies.id(at: target), plan: plan)
    }
}
