import Foundation

/// The run's one timestamp: from the clock, or from `SOURCE_DATE_EPOCH` for reproducible output.
public struct RunClock: Sendable {
    public var now: Date
    /// Whether `now` came from `SOURCE_DATE_EPOCH`, for messages that name where the time came from.
    public private(set) var fromEpoch = false

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, fallback: Date = Date()) {
        if let epoch = Self.epoch(environment), Self.problem(in: environment) == nil {
            now = Date(timeIntervalSince1970: TimeInterval(epoch))
            fromEpoch = true
        } else {
            now = fallback
        }
    }

    /// The latest second a version can be named after: 9999-12-31T23:59:59Z.
    static let latestEpoch: Int64 = 253_402_300_799

    private static func epoch(_ environment: [String: String]) -> Int64? {
        environment["SOURCE_DATE_EPOCH"].flatMap { Int64($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// What is wrong with `SOURCE_DATE_EPOCH`, when it is set to something that is not a date:
    /// a cron line with a typo must not publish under the clock's date, nor name versions after
    /// the year 3170843. Empty means unset.
    public static func problem(in environment: [String: String]) -> String? {
        guard let text = environment["SOURCE_DATE_EPOCH"], !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        guard let epoch = epoch(environment), (0...latestEpoch).contains(epoch) else {
            return "SOURCE_DATE_EPOCH is '\(text.prefix(40))', which is not a date: give whole seconds since 1970-01-01 UTC (date +%s prints them, e.g. 1795248000), or unset it to use the clock"
        }
        return nil
    }

    public init(fixed: Date) {
        now = fixed
    }

    /// `2026-11-21T09:30:00Z`
    public var timestamp: String { Self.timestamp(now) }

    /// `2026-11-21`, the UTC date versions are named after.
    public var day: String { String(timestamp.prefix(10)) }

    /// The UTC year.
    public var year: Int { Int(timestamp.prefix(4)) ?? 1970 }

    public static func timestamp(_ date: Date) -> String {
        var seconds = time_t(floor(date.timeIntervalSince1970))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }
}
