import Foundation
/// The checks a row can fail, named as in the recipe where there is a key for them.
public enum Rule: String, Sendable, Codable, CaseIterable, Comparable {
    case type
    case required
    case unique
    case `enum`
    case pattern
    case minimum
    case maximum
    case minLength = "min_length"
    case maxLength = "max_length"
    case primaryKey = "primary_key"
    case blankRow = "blank_row"
    case extraCells = "extra_cells"
    case missingCells = "missing_cells"

    public static func < (lhs: Rule, rhs: Rule) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One failed check in one row: which rule, and which field (recipe order) when it concerns one.
struct RowIssue {
    var rule: Rule
    var field: Int?

    /// The `field` of a duplicate primary key of several fields: the key as a whole.
    static let wholeKey = -1
}
