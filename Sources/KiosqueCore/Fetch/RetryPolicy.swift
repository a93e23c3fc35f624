import Foundation

/// When to try a request again, and how long to wait first: exponential backoff with jitter,
/// or what the server asked for with `Retry-After`.
struct RetryPolicy: Sendable {
    var retries: Int
    var base: Double = 0.5
    var cap: Double = 30
    /// The longest `Retry-After` honoured; a server asking for more gets this much.
    var retryAfterCap: Double = 120

    /// The wait before attempt `attempt + 1` after `cause`, or nil when there must be no retry.
    func delay(after cause: FetchError.Cause, attempt: Int, now: Date = Date()) -> Double? {
        guard cause.isTransient, attempt <= retries else { return nil }
        if case .httpStatus(_, let retryAfter?) = cause, let seconds = Self.parseRetryAfter(retryAfter, now: now) {
            return min(seconds, retryAfterCap)
        }
        let exponential = min(cap, base * pow(2, Double(attempt - 1)))
        return exponential * Double.random(in: 0.5...1.5)
    }

    /// `Retry-After` as seconds: a number of seconds or an HTTP date.
    static func parseRetryAfter(_ value: String, now: Date) -> Double? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed) { return max(0, seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: trimmed) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }
}
