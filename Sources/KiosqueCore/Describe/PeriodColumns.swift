import Foundation

/// Columns of a wide table that hold one figure a year or a month (`nais09 … nais05`,
/// `Naissances en 2009 …`, a workbook's `janv.-24 … juin-24` header cells), for `describe` to
/// suggest `unpivot`.
struct PeriodColumns {
    enum Unit { case year, month }
    var unit: Unit
    /// The columns, in the source's order, with the period each holds (`2009`, `2024-01`).
    var columns: [(index: Int, period: String)]
    /// The label's words around a year (`Naissances en`), for the value column's name.
    var stem: String
    /// A regular expression that chooses these columns, and any a later period adds, with the
    /// period as its group (`^Naissances en ([0-9]{4})$`): for `columns_matching`. Nil when the
    /// labels are not the periods as published (`nais09`, `01/2024`): those are mapped one by one.
    var matching: String?

    /// The column the periods go into, and its type.
    var name: String { unit == .year ? "annee" : "mois" }
    var type: FieldType { unit == .year ? .year : .yearmonth }

    /// The largest group of three columns or more, among `candidates` (the numeric ones), whose
    /// labels are months written one way (`2024-01-01`, as a workbook's date cells are read;
    /// `2024-01`, `01/2024`, `janvier 2024`), or differ by one number alone, a year: four digits
    /// from 1900 to `currentYear`, or two (`09`: 2009, `95`: 1995). Nil when there is none.
    static func find(labels: [String], candidates: [Int], currentYear: Int) -> PeriodColumns? {
        let casters = monthFormats.compactMap { format in
            (try? CellCaster(type: .yearmonth, format: format, decimal: UInt8(ascii: "."), thousands: nil)).map { (format, $0) }
        }
        let monthPatterns = ["%Y-%m-%d": "^([0-9]{4}-[0-9]{2})-01$", "%Y-%m": "^([0-9]{4}-[0-9]{2})$"]
        let months = largest(candidates.compactMap { index in
            month(labels[index], casters).map { (key: $0.format, index: index, period: $0.period, stem: "", pattern: monthPatterns[$0.format]) }
        })
        let years = largest(candidates.compactMap { index in
            year(labels[index], currentYear: currentYear).map { (key: $0.key, index: index, period: $0.period, stem: $0.stem, pattern: $0.pattern) }
        })
        if let months, months.columns.count >= (years?.columns.count ?? 0) {
            return PeriodColumns(unit: .month, columns: months.columns, stem: "", matching: months.pattern)
        }
        return years.map { PeriodColumns(unit: .year, columns: $0.columns, stem: $0.stem, matching: $0.pattern) }
    }

    /// A pattern's files that each hold one year's column (INSEE's `Naissances en 2021` in one
    /// file, `Naissances en 2022` in the next): a column of `firstLabels` among `candidates` whose
    /// label is a four-digit year, and which a later file (`otherHeaders`) has with another year in
    /// its place instead. The years found are sorted; nil when no file differs so.
    static func perFile(firstLabels: [String], candidates: [Int], otherHeaders: [[String]], currentYear: Int)
        -> (columns: PeriodColumns, years: [String])? {
        for index in candidates {
            let label = firstLabels[index].trimmingCharacters(in: .whitespaces)
            guard let first = year(label, currentYear: currentYear), let pattern = first.pattern else { continue }
            var years: Set<String> = [first.period]
            var differs = false
            for header in otherHeaders {
                let labels = header.map { $0.trimmingCharacters(in: .whitespaces) }
                let others = labels.compactMap { year($0, currentYear: currentYear) }.filter { $0.key == first.key }.map(\.period)
                years.formUnion(others)
                if !labels.contains(label), !others.isEmpty { differs = true }
            }
            if differs {
                return (PeriodColumns(unit: .year, columns: [(index, first.period)], stem: first.stem, matching: pattern), years.sorted())
            }
        }
        return nil
    }

    private static func largest(_ found: [(key: String, index: Int, period: String, stem: String, pattern: String?)])
        -> (columns: [(index: Int, period: String)], stem: String, pattern: String?)? {
        let groups = Dictionary(grouping: found, by: \.key).values.filter { group in
            group.count >= 3 && Set(group.map(\.period)).count == group.count
        }
        return groups.max { ($0.count, -$0[0].index) < ($1.count, -$1[0].index) }
            .map { group in (group.map { ($0.index, $0.period) }, group[0].stem, group[0].pattern) }
    }

    /// Month formats a header is written in, whole.
    private static let monthFormats = ["%Y-%m-%d", "%Y-%m", "%m/%Y", "%m-%Y", "%B %Y", "%B-%Y", "%B-%y", "%B %y"]

    /// The label read as a month, and the format that reads it; a date other than a first of the
    /// month is a day's column, not a month's.
    private static func month(_ label: String, _ casters: [(String, CellCaster)]) -> (format: String, period: String)? {
        let text = Array(label.trimmingCharacters(in: .whitespaces).utf8)
        guard text.count >= 6, text.contains(where: { (0x30...0x39).contains($0) }) else { return nil }
        let out = ByteBuffer()
        for (format, caster) in casters {
            out.reset()
            guard text.withUnsafeBufferPointer({ caster.cast($0, into: out) }) != nil else { continue }
            if format == "%Y-%m-%d", !text.suffix(3).elementsEqual("-01".utf8) { return nil }
            return (format, String(decoding: out.elements, as: UTF8.self))
        }
        return nil
    }

    /// The label with its year taken out (the group's key), its words around the year, and the
    /// year; nil when the label holds no year, or more than one number.
    private static func year(_ label: String, currentYear: Int) -> (key: String, stem: String, period: String, pattern: String?)? {
        let characters = Array(label)
        let runs = characters.indices.filter { characters[$0].isASCII && characters[$0].isNumber && ($0 == 0 || !characters[$0 - 1].isNumber) }
        guard runs.count == 1, let start = runs.first else { return nil }
        var end = start
        while end < characters.count, characters[end].isASCII, characters[end].isNumber { end += 1 }
        let digits = String(characters[start..<end])
        let year: Int
        switch digits.count {
        case 4:
            guard let value = Int(digits), (1900...currentYear).contains(value) else { return nil }
            year = value
        case 2:
            guard let value = Int(digits) else { return nil }
            year = value <= currentYear % 100 ? 2000 + value : 1900 + value
        default:
            return nil
        }
        let before = String(characters[..<start]), after = String(characters[end...])
        // The year's place in the label, and its width, tell groups apart (`nais09` and `dec2009`).
        let key = before + "\u{1}\(digits.count)" + after
        let stem = (before + " " + after).split { $0 == " " || $0 == "_" || $0 == "-" }.joined(separator: " ")
        // Four digits are the year as published: a pattern finds next year's column too.
        let pattern = digits.count == 4
            ? "^" + NSRegularExpression.escapedPattern(for: before) + "([0-9]{4})" + NSRegularExpression.escapedPattern(for: after) + "$" : nil
        return (key, stem, String(year), pattern)
    }

    /// What a label is without its year (`Naissances en \u{1}4`), telling the columns of one series
    /// apart from others; nil for a label without one number that reads as a year.
    static func yearKey(_ label: String) -> String? {
        year(label, currentYear: 9999)?.key
    }

    /// A name for the column the figures go into: the stem without a last word that introduces
    /// the year (`Naissances en` → `naissances`), or `valeur`.
    var valueName: String {
        var words = stem.split(separator: " ").map(String.init)
        let linking: Set<String> = ["en", "de", "du", "des", "in", "of", "for", "annee", "année", "year", "an", "au"]
        while let last = words.last, linking.contains(last.lowercased()) { words.removeLast() }
        return DraftBuilder.fieldName(words.joined(separator: " ")) ?? "valeur"
    }
}
