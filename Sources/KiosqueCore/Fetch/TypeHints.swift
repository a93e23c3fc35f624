import Foundation

/// What `check` sees of a local source's first rows through the recipe's own casts (`Shaper`): a
/// typed field whose values do not read as its type, such as dates exported with a time of day or
/// decimal commas the recipe does not declare. Said before a run counts those rows invalid, with
/// the format or separators that would read them when the sample shows one. Counts and formats
/// only, never a value: the sample may hold personal data.
enum TypeHints {
    /// `afterRun`: for a run's notes, whose counts are already said, rather than `check`'s warnings.
    static func warnings(_ recipe: Recipe, reader: any RecordReader, rows: Int = 500, afterRun: Bool = false) -> [Diagnostic] {
        let fields = recipe.fields
        let typed = fields.indices.filter { fields[$0].type != .string }
        guard !typed.isEmpty,
              let shaper = try? Shaper(recipe: recipe, columns: reader.columns, checksCellCount: reader.underlying is CSVReader) else { return [] }
        var failed = [Int](repeating: 0, count: fields.count)
        var present = [Int](repeating: 0, count: fields.count)
        var profiles = fields.map { ColumnProfile(label: $0.name) }
        // Failed values that are placeholders exports write for "nothing", or a spreadsheet's error
        // values (never anything else is kept).
        var placeholders = [[String: Int]](repeating: [:], count: fields.count)
        var spreadsheetErrors = [[String: Int]](repeating: [:], count: fields.count)
        let raw = RawRow()
        let shaped = ShapedRow()
        var issues: [RowIssue] = []
        var read = 0
        while read < rows, (try? reader.next(into: raw)) == true {
            read += 1
            issues.removeAll(keepingCapacity: true)
            shaper.shape(raw, into: shaped, issues: &issues)
            guard shaped.count == fields.count else { continue }
            for index in typed where shaped.kinds[index] != .null {
                present[index] += 1
                let text = shaper.sourceText(raw, field: index)
                if shaped.kinds[index] == .invalid {
                    failed[index] += 1
                    // In a boolean column an `x` is a ticked box, not nothing: no placeholder there.
                    if let text, fields[index].type != .boolean, Self.placeholders.contains(text) { placeholders[index][text, default: 0] += 1 }
                    if let text, Self.spreadsheetErrors.contains(text) { spreadsheetErrors[index][text, default: 0] += 1 }
                }
                if let text { profiles[index].observe(text, missingValues: []) }
            }
        }
        return typed.compactMap { index -> Diagnostic? in
            guard failed[index] > 0 else { return nil }
            let field = fields[index]
            let placeheld = placeholders[index].values.reduce(0, +)
            let errors = spreadsheetErrors[index].values.reduce(0, +)
            var fixes = [Self.fix(field, recipe: recipe, profile: profiles[index], values: present[index] - placeheld - errors)].compactMap { $0 }
            if placeheld > 0 {
                let tokens = placeholders[index].keys.sorted()
                let list = (recipe.source.missingValues + tokens.filter { !recipe.source.missingValues.contains($0) }).map { "\"\($0)\"" }
                fixes.append("\(placeheld) \(placeheld == 1 ? "is" : "are") \(tokens.map { "\"\($0)\"" }.joined(separator: ", ")), which exports write for nothing: set missing_values: [\(list.joined(separator: ", "))] under source: (published empty)")
            }
            if errors > 0 {
                let tokens = spreadsheetErrors[index].keys.sorted().joined(separator: ", ")
                fixes.append("\(errors) \(errors == 1 ? "is a spreadsheet error" : "are spreadsheet errors") (\(tokens)), which a formula gave: correct the formulas in the workbook, or list \(spreadsheetErrors[index].count == 1 ? "it" : "them") in missing_values under source: to publish such cells empty")
            }
            let fix = fixes.isEmpty ? nil : fixes.joined(separator: "; ")
            // A stray bad value is the run's to count; a setting that reads none, or a fix that reads all, is worth saying now.
            // After a run, whose counts already say how many failed, only advice is worth a note.
            guard fix != nil || (!afterRun && failed[index] * 2 >= present[index]) else { return nil }
            var message = "field '\(field.name)' is \(Self.article(field.type)), but \(failed[index]) of the \(present[index]) values in the first \(read) rows do not read as one (\(Self.reading(field, recipe: recipe)))"
            if let fix { message += "; \(fix)" }
            if !afterRun { message += "; run counts their rows invalid" }
            return Diagnostic(.warning, message, at: field.spot)
        }
    }

    /// How the recipe reads the field now, for the message.
    private static func reading(_ field: FieldSpec, recipe: Recipe) -> String {
        if let format = field.format { return "with format \(format)" }
        switch field.type {
        case .date: return "without format:, a date is read as ISO 8601, such as 2025-11-21"
        case .datetime: return "without format:, a datetime is read as ISO 8601, such as 2025-11-21T08:00:00"
        case .integer, .number:
            let decimal = String(UnicodeScalar(recipe.source.decimal))
            let thousands = recipe.source.thousands.map { ", thousands \"\($0)\"" } ?? ", no thousands separator"
            return "with decimal \"\(decimal)\"\(thousands)"
        case .boolean: return "such as true, false, oui, non, vrai, faux, 1, 0"
        case .year: return "as four digits, such as 2025"
        case .yearmonth: return "without format:, a month is read as 2025-11"
        case .string: return "as text"
        }
    }

    /// What exports write in a typed column for "no value": shown in a warning as written, as
    /// they are never data.
    static let placeholders: Set<String> = ["-", "–", "—", "--", "NA", "N/A", "n/a", "na", "ND", "nd", "N.D.", "n.d.", "NR", "nr",
                                            "?", ".", "x", "X", "s.o.", "S.O.", "néant", "Néant", "NULL", "null", "None", "nan", "NaN"]

    /// The error values a spreadsheet's formulas give, as the workbook readers write them.
    static let spreadsheetErrors: Set<String> = ["#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
                                                 "Err:502", "Err:504", "Err:508", "Err:511", "Err:522", "#SPILL!", "#CALC!"]

    private static func article(_ type: FieldType) -> String {
        switch type {
        case .integer: "an integer"
        case .number: "a number"
        case .boolean: "a boolean"
        case .date: "a date"
        case .datetime: "a datetime"
        case .year: "a year"
        case .yearmonth: "a month"
        case .string: "text"
        }
    }

    /// What would read every value of the sample but its placeholders (`values` of them), when the
    /// sample says: a date format, or the source's separators of numbers.
    private static func fix(_ field: FieldSpec, recipe: Recipe, profile: ColumnProfile, values: Int) -> String? {
        switch field.type {
        case .date, .datetime, .yearmonth:
            guard values > 0, let format = ColumnProfile.dateFormats.first(where: { profile.dateFormats[$0] == values }) else { return nil }
            let time = format.contains("%H") || format.contains("%I")
            if field.type == .date, time {
                return "they all read with format: \"\(format)\" (the time of day is then left out), or type: datetime"
            }
            if field.type != .yearmonth, let compiled = try? DateFormat(format), !compiled.readsDay {
                return "they are months: set type: yearmonth and format: \"\(format)\" (published as 2025-11)"
            }
            return "they all read with format: \"\(format)\""
        case .integer, .number:
            // The first way of writing numbers that reads every value, the recipe's own decimal mark first.
            let current = NumberConvention(decimal: recipe.source.decimal, thousands: recipe.source.thousands?.utf8.first)
            let indices = NumberConvention.all.indices
            let order = indices.filter { NumberConvention.all[$0].decimal == current.decimal } + indices.filter { NumberConvention.all[$0].decimal != current.decimal }
            guard values > 0, let found = order.first(where: { profile.numbers[$0] == values }) else { return nil }
            let convention = NumberConvention.all[found]
            var settings: [String] = []
            if convention.decimal != current.decimal { settings.append("decimal: \"\(String(UnicodeScalar(convention.decimal)))\"") }
            if let thousands = convention.thousands, thousands != current.thousands {
                settings.append("thousands: \"\(String(UnicodeScalar(thousands)))\"")
            }
            let separators = settings.isEmpty ? nil : "set " + settings.joined(separator: " and ") + " under source:"
            if field.type == .integer, profile.nonIntegers[found] > 0 {
                return "some have decimals: type: number" + (separators.map { ", and \($0)" } ?? "")
            }
            return separators
        case .boolean, .year, .string:
            return nil
        }
    }
}
