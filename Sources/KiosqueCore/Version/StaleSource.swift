import Foundation

/// A source whose content has not changed for far longer than its recipe's `frequency` says: the
/// export upstream may no longer be produced (a job that broke, a file left behind after a
/// migration), while every run only reports "unchanged" and exits 0.
enum StaleSource {
    /// How long a dataset may go without new content before a run says so: twice the period its
    /// frequency names, in days. Nil for frequencies without a period (continuous, irregular,
    /// never, unknown).
    static func patience(_ frequency: Frequency) -> Int? {
        switch frequency {
        case .hourly: 1
        case .daily: 2
        case .weekly: 14
        case .biweekly: 28
        case .monthly: 62
        case .bimonthly: 124
        case .quarterly: 184
        case .semiannual: 366
        case .annual: 731
        case .biennial: 1_462
        case .triennial: 2_192
        case .continuous, .irregular, .never, .unknown: nil
        }
    }

    /// The warning for a run that found nothing new, when the current version is older than its
    /// frequency allows; nil otherwise.
    static func warning(_ recipe: Recipe, history: VersionHistory, now: Date) -> String? {
        guard let frequency = recipe.frequency, let patience = patience(frequency), let current = history.current,
              let issued = ISO8601DateFormatter().date(from: current.issued) else { return nil }
        let days = Int(now.timeIntervalSince(issued) / 86_400)
        guard days > patience else { return nil }
        return "no new content since version \(current.version) (\(days) days), though the recipe says frequency: \(frequency.rawValue); check that the export is still produced upstream, or give the frequency the source really has (irregular when it has none)"
    }
}
