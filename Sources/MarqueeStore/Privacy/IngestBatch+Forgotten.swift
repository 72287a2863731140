import MarqueeCore

extension IngestBatch {
    /// The batch without the events and quarantined lines of `forgotten` users, and how many were dropped.
    func dropping(_ forgotten: Set<Int64>) -> (batch: IngestBatch, dropped: Int) {
        guard !forgotten.isEmpty else { return (self, 0) }
        var kept = self
        kept.events = events.filter { !forgotten.contains($0.user.rawValue) }
        kept.quarantined = quarantined.filter { line in LineAttribution.user(of: line.line).map { !forgotten.contains($0) } ?? true }
        return (kept, events.count - kept.events.count + quarantined.count - kept.quarantined.count)
    }
}
