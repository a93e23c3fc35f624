import Foundation

/// The primary key a draft suggests: a column unique in the sample, else columns of categories
/// that together tell every sampled row apart.
extension DraftBuilder {
    /// Two or three columns of categories (text, years, months or dates that repeat: each has at
    /// most half as many values as rows) whose values together tell every sampled row apart, as a
    /// statistical table's do (`commune` and `sexe`); the first such pair, else triple, in the
    /// columns' order. None from fewer than 8 rows, where a pair is unique by chance.
    func compositeKey(_ fields: [Field], _ profiles: [ColumnProfile]) -> [Int] {
        let rows = sample.rows
        guard rows.count >= 8 else { return [] }
        let categories = fields.indices.filter { index in
            let field = fields[index]
            return field.required && field.anonymise == nil && !field.leftOut && [.string, .year, .yearmonth, .date].contains(field.type)
                && profiles[index].distinctCount.map { $0 * 2 <= rows.count } == true
        }
        func distinguishes(_ columns: [Int]) -> Bool {
            var seen = Set<[String]>()
            return rows.allSatisfy { row in seen.insert(columns.map { $0 < row.count ? row[$0] ?? "" : "" }).inserted }
        }
        for (offset, first) in categories.enumerated() {
            for second in categories.dropFirst(offset + 1) where distinguishes([first, second]) { return [first, second] }
        }
        for (offset, first) in categories.enumerated() {
            for (inner, second) in categories.dropFirst(offset + 1).enumerated() {
                for third in categories.dropFirst(offset + inner + 2) where distinguishes([first, second, third]) { return [first, second, third] }
            }
        }
        return []
    }

    /// The first unique, required column, preferring one named like an identifier.
    func primaryKey(_ fields: [Field], _ profiles: [ColumnProfile]) -> Int? {
        let candidates = fields.indices.filter { fields[$0].unique && fields[$0].required && fields[$0].anonymise == nil && !fields[$0].leftOut }
        let named = candidates.first { index in
            let name = fields[index].name
            return Self.identifierNames.contains { name == $0 || name.hasPrefix($0 + "_") || name.hasSuffix("_" + $0) }
        }
        return named ?? candidates.first
    }
}
