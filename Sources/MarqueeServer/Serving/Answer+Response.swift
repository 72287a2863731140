import Foundation
import MarqueeCore
import MarqueeStore
import NIOCore

extension Answer {
    /// The body of `/recommend/<user>` (SPEC.md §3): the movie ids, comma-separated, on one line.
    func plainTextBody() -> ByteBuffer {
        var body = ByteBuffer()
        body.reserveCapacity(served.movies.count * 24)
        for (position, movie) in served.movies.enumerated() {
            if position > 0 { body.writeInteger(UInt8(ascii: ",")) }
            body.writeString(movie.slug)
        }
        return body
    }
}

extension Answer {
    /// Records this answer, given to `user` after `latency`, in `telemetry` as shown; or, when it took at least the
    /// caller's `timeout` (the caller had stopped waiting, see ``CallerTimeout``), counts it as abandoned instead.
    func record(for user: UserID, latency: Duration, timeout: CallerTimeout?, in telemetry: TelemetryBuffer?, metrics: ServerMetrics) {
        if let timeout, timeout.abandons(after: latency) {
            metrics.recordAbandoned()
        } else {
            telemetry?.record(self, for: user, latency: latency)
        }
    }
}

extension TelemetryBuffer {
    /// Records `answer`, given to `user` after `latency`; dropped (and counted) when the buffer is full.
    func record(_ answer: Answer, for user: UserID, latency: Duration) {
        record(
            TelemetryRecord(wallTime: .now, user: user, answer: answer.served, latencyMicroseconds: latency.wholeMicroseconds))
    }
}
