/// Views, those of them with a known licence fee, and the sum of those fees.
public struct LicenceCostPerView: Hashable, Sendable {
    /// Every view counted.
    public private(set) var views: Int
    /// Views of movies with a known fee.
    public private(set) var costedViews: Int
    /// The fees of the ``costedViews``, summed.
    public private(set) var licenceCost: Double

    /// Creates a tally.
    public init(views: Int = 0, costedViews: Int = 0, licenceCost: Double = 0) {
        self.views = views
        self.costedViews = costedViews
        self.licenceCost = licenceCost
    }

    /// The recommended views of an online metric group.
    init(_ group: OnlineMetricGroup) {
        self.init(views: group.views, costedViews: group.costedViews, licenceCost: group.licenceCost ?? 0)
    }

    /// The mean fee of the views with a known fee; `nil` without such views.
    public var costPerView: Double? { costedViews > 0 ? licenceCost / Double(costedViews) : nil }

    /// The share of views whose movie has a known fee; `nil` without views.
    public var knownFeeShare: Double? { views > 0 ? Double(costedViews) / Double(views) : nil }

    /// Adds the views `other` counts.
    public mutating func merge(_ other: LicenceCostPerView) {
        views += other.views
        costedViews += other.costedViews
        licenceCost += other.licenceCost
    }

    /// Counts one view of a movie with licence fee `fee`, or without a known fee when `nil`.
    mutating func add(fee: Double?) {
        views += 1
        guard let fee else { return }
        costedViews += 1
        licenceCost += fee
    }
}
