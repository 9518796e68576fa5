import EventLog
import Foundation
import Testing

/// The recording time is written by hand (a formatter per append cost more than the append):
/// it must be the text ISO8601DateFormatter writes, for any instant.
@Suite struct RecordingTimeTests {
    @Test func writesWhatTheFormatterWrites() {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        f.timeZone = TimeZone(identifier: "UTC")
        var instants: [Double] = [0, 1, 0.999, 86_399.999, 951_782_400.5, 1_796_053_858.123, 4_102_444_799.999, 1_000_000_000.0015]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 { instants.append(Double(UInt64.random(in: 0...4_102_444_800_000, using: &generator)) / 1000) }
        for t in instants {
            let date = Date(timeIntervalSince1970: t)
            #expect(recordingTime(date) == f.string(from: date), "\(t)")
        }
    }
}
