import MarqueeCore
import MarqueeStore

/// Deployment and experiment markers on the event-time axis, from the registry's stage changes and the experiments.
///
/// A stage change records its event time when the service's clock was known (simulated runs); otherwise, and for an
/// experiment's stop, which only has a wall time, the event time is interpolated between the anchors (stage changes and
/// pipeline runs with both clocks) just before and after it, or extrapolated from the nearest one at the wall clock's
/// pace. Without anchors event time is taken to be wall time, as in a live deployment.
enum LifecycleMarkers {
    static func of(versions: [ModelVersionRecord], experiments: [ExperimentRecord], runs: [PipelineRunRecord]) -> [LifecycleMarker] {
        var anchors: [(wall: Int64, event: EventTime)] = []
        for version in versions {
            for change in version.stages { if let event = change.eventTime { anchors.append((change.at.microseconds, event)) } }
        }
        for run in runs { if let event = run.eventTime { anchors.append((run.startedAt.microseconds, event)) } }
        anchors.sort { $0.wall < $1.wall }
        func eventTime(atWall wall: Int64) -> EventTime {
            let before = anchors.last { $0.wall <= wall }
            let after = anchors.first { $0.wall >= wall }
            switch (before, after) {
            case (let before?, let after?) where after.wall > before.wall:
                let fraction = Double(wall - before.wall) / Double(after.wall - before.wall)
                return before.event.adding(seconds: fraction * before.event.seconds(to: after.event))
            case (let before?, _): return EventTime(microseconds: before.event.microseconds + (wall - before.wall))
            case (nil, let after?): return EventTime(microseconds: after.event.microseconds - (after.wall - wall))
            case (nil, nil): return EventTime(microseconds: wall)
            }
        }

        var markers: [LifecycleMarker] = []
        for version in versions {
            var previous: ModelStage?
            for change in version.stages {
                let time = change.eventTime ?? eventTime(atWall: change.at.microseconds)
                switch (previous, change.stage) {
                case (.canary, .canary): break  // the canary's share changed; it started before
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
                markers.append(LifecycleMarker(time: eventTime(atWall: stopped.microseconds), kind: .experimentStop, subject: experiment.name))
            }
        }
        return markers.sorted { ($0.time, $0.label) < ($1.time, $1.label) }
    }
}
