import MarqueeCore
import MarqueeStore

/// Deployment and experiment markers on the event-time axis, from the registry's stage changes and the experiments.
///
/// A stage change records its event time when the service's clock was known (simulated runs); otherwise, and for an
/// experiment's stop, which only has a wall time, the event time is estimated from the latest anchor (a stage change or
/// pipeline run with both clocks) at or before it, plus the wall time elapsed since. Without anchors event time is taken
/// to be wall time, as in a live deployment.
enum LifecycleMarkers {
    static func of(versions: [ModelVersionRecord], experiments: [ExperimentRecord], runs: [PipelineRunRecord]) -> [LifecycleMarker] {
        var anchors: [(wall: Int64, event: EventTime)] = []
        for version in versions {
            for change in version.stages { if let event = change.eventTime { anchors.append((change.at, event)) } }
        }
        for run in runs { if let event = run.eventTime { anchors.append((run.startedAt, event)) } }
        anchors.sort { $0.wall < $1.wall }
        func eventTime(atWall wall: Int64) -> EventTime {
            guard let anchor = anchors.last(where: { $0.wall <= wall }) ?? anchors.first else { return EventTime(microseconds: wall) }
            return EventTime(microseconds: anchor.event.microseconds + (wall - anchor.wall))
        }

        var markers: [LifecycleMarker] = []
        for version in versions {
            var previous: ModelStage?
            for change in version.stages {
                let time = change.eventTime ?? eventTime(atWall: change.at)
                switch (previous, change.stage) {
                case (_, .canary): markers.append(LifecycleMarker(time: time, kind: .canary, subject: version.version))
                case (.canary, .production): markers.append(LifecycleMarker(time: time, kind: .promotion, subject: version.version))
                case (_, .production): markers.append(LifecycleMarker(time: time, kind: .production, subject: version.version))
                case (.canary, .rejected), (.production, .rejected):
                    markers.append(LifecycleMarker(time: time, kind: .rollback, subject: version.version))
                default: break
                }
                previous = change.stage
            }
        }
        for experiment in experiments {
            markers.append(LifecycleMarker(time: experiment.since, kind: .experimentStart, subject: experiment.name))
            if let stopped = experiment.stoppedAt {
                markers.append(LifecycleMarker(time: eventTime(atWall: stopped), kind: .experimentStop, subject: experiment.name))
            }
        }
        return markers.sorted { ($0.time, $0.label) < ($1.time, $1.label) }
    }
}
