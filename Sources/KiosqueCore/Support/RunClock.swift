import Foundation

/// The run's one timestamp: from the clock, or from `SOURCE_DATE_EPOCH` for reproducible output.
public struct RunClock: Sendable {
    public var now: Date

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, fallback: Date = Date()) {
        if let epoch = environment["SOURCE_DATE_EPOCH"].flatMap({ Int64($0.trimmingCharacters(in: .whitespaces)) }) {
            now = Date(timeIntervalSince1970: TimeInterval(epoch))
        } else {
            now = fallback
        }
    }

    public init(fixed: Date) {
        now = fixed
    }

    /// `2026-11-21T09:30:00Z`
    public var timestamp: String { Self.timestamp(now) }

    /// `2026-11-21`, the UTC date versions are named after.
    public var day: String { String(timestamp.prefix(10)) }

    public static func timestamp(_ date: Date) -> String {
        var seconds = time_t(floor(date.timeIntervalSince1970))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }
}
