import Foundation

/// Turns a sample into the YAML of a recipe, commented where a steward should look.
struct DraftBuilder {
    let sample: Sample
    let sourceURL: String
    let id: String
    let sourceLabel: String
    /// Said above `url:` when `check` would refuse the path as it stands (a file outside the recipe's folder).
    var sourceNote: String? = nil
    /// The file read inside a ZIP archive, when the archive holds several.
    var member: String? = nil
    /// The sheet of an Excel workbook the sample comes from, and the workbook's other sheets.
    var sheet: String? = nil
    var otherSheets: [String] = []
    /// Where to save the draft, when it goes to standard output: its id and relative url assume it.
    var saveAs: String? = nil
    /// The request's headers from `--header`, written as given (secrets as `${env:NAME}`).
    var headers: [(name: String, value: String)] = []
    /// The identifier of the key `KIOSQUE_PSEUDONYM_KEY` holds where describe runs, when it holds
    /// one: a field drafted `pseudonymise` is pinned to it, so that a run given another key (cron's)
    /// stops before it publishes a first pseudonym.
    var keyID: String? = nil
    /// This year (from `SOURCE_DATE_EPOCH` when set): a two-digit year read after it is a past
    /// century's (a birth in 1945 written `45`).
    var currentYear = RunClock().year
    /// For a pattern, the header labels of the files after the first (up to 50), for a year's
    /// column that each file has for its own year.
    var laterHeaders: [[String]] = []

    struct Field {
        var name: String
        var from: String
        var type: FieldType
        var format: String?
        var required: Bool
        var unique: Bool
        var enumValues: [String]?
        var anonymise: String?
        var reason: String?
        /// Left out of the draft: a label shared with other columns, which `from` cannot tell apart,
        /// or a column with neither header nor value (a delimiter at the end of every line).
        var leftOut = false
        /// Said in its place (for shared labels, on the first of the columns).
        var leftOutNote: String?
        /// Why a column that is mostly dates or numbers is drafted as text.
        var typeNote: String?
        /// The unit numbers are written with (`%`, `FCFA`): the draft says `bare_number: false`.
        var unit: String?
        /// A header without a Latin letter or digit (Arabic, say) gives no name: the draft numbers it.
        var unnamed = false
        /// Read by position (`column:`) rather than by label: a label shared with other columns.
        var column: Int?
    }

    /// Words in a column's name that say it holds a date or a time (`EditDate`, `created_at`).
    static let timeWords = ["date", "time", "created", "updated", "modified", "edited", "creation", "modification", "maj", "horodat", "jour", "heure"]

    static func saysTime(_ label: String) -> Bool {
        let lower = label.lowercased()
        return timeWords.contains { lower.contains($0) } || lower.hasSuffix("_at") || label.hasSuffix("At")
    }

    /// Whether a date format reads a time of day too (`%H`, `%I`), so that its field is a datetime.
    static func readsTime(_ format: String) -> Bool {
        (try? DateFormat(format))?.hasTime == true
    }

    static let identifierNames = ["id", "code", "numero", "num", "no", "n", "ref", "reference", "identifiant", "cle", "matricule"]

    /// Words of a field's name that make its whole numbers codes (administrative, postal, statistical).
    static let codeWords = ["code", "codes", "insee", "siren", "siret", "cp", "postcode", "zipcode", "iris", "naf", "ape", "uai", "finess", "rna"]

    /// The name and type letter of a header written as a dBase field spec, `NAME,C,254` or
    /// `FID,N,9,0` (types C, N, F, D, L, M; a width and decimals), as shapefile attribute
    /// tables are exported to CSV; nil for any other header.
    static func dBaseField(_ label: String) -> (name: String, type: Character)? {
        let parts = label.split(separator: ",", omittingEmptySubsequences: false)
        guard (2...4).contains(parts.count), let first = parts[0].first, first.isASCII, first.isLetter || first == "_",
              parts[0].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }),
              parts[1].count == 1, let type = parts[1].first, "CNFDLM".contains(type),
              parts.dropFirst(2).allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } })
        else { return nil }
        return (String(parts[0]), type)
    }

    static let missingValues: Set<String> = ["NA", "N/A", "n/a", "-", "--", "NULL", "null", "#N/A", "ND", "nd"]

    func yaml() -> String {
        var profiles = sample.columns.map { ColumnProfile(label: $0) }
        for (rowIndex, row) in sample.rows.enumerated() {
            let numbers = rowIndex < sample.numbers.count ? sample.numbers[rowIndex] : []
            for index in profiles.indices {
                let value = index < row.count ? row[index] : nil
                profiles[index].observe(value ?? "", number: index < numbers.count && numbers[index], missingValues: Self.missingValues)
            }
        }
        // Unambiguous groupings tell the decimal mark too: `1.234,56` is a comma decimal.
        // `1.234` beside `5.678,90` is a thousand grouped, not a decimal: it counts for neither side.
        let pointsGroup = profiles.contains { $0.groupedWithPoints > 0 }, commasGroup = profiles.contains { $0.groupedWithCommas > 0 }
        let commaEvidence = profiles.reduce(0) { $0 + $1.decimalsWithComma - (commasGroup ? $1.ambiguousCommas : 0) + $1.groupedWithPoints }
        let pointEvidence = profiles.reduce(0) { $0 + $1.decimalsWithPoint - (pointsGroup ? $1.ambiguousPoints : 0) + $1.groupedWithCommas }
        let comma = commaEvidence > pointEvidence
        let thousands: UInt8? = profiles.contains { $0.groupedWithSpaces > 0 } ? UInt8(ascii: " ")
            : comma && profiles.contains { $0.groupedWithPoints > 0 } ? UInt8(ascii: ".")
            : !comma && profiles.contains { $0.groupedWithCommas > 0 } ? UInt8(ascii: ",") : nil
        let convention = NumberConvention(decimal: comma ? UInt8(ascii: ",") : UInt8(ascii: "."), thousands: thousands)
        let conventionIndex = NumberConvention.all.firstIndex(of: convention)!
        var positions: [String: [Int]] = [:]
        for (index, profile) in profiles.enumerated() { positions[profile.label, default: []].append(index) }
        var usedNames = Set<String>()
        var fields: [Field] = profiles.enumerated().map { position, profile in
            // A key inside a JSON record is named after its path: /a~1b/c as a_b_c, not a_1b_c.
            var label = sample.names[profile.label] ?? (sample.format != .csv && profile.label.hasPrefix("/")
                ? KeyTree.segments(profile.label).joined(separator: " ") : profile.label)
            // A criterion asked under two groups is named with its group: `rapidite_accueil_physique`.
            if !label.isEmpty, positions[label, default: []].count > 1, let group = sample.group(of: position) { label += " " + group }
            // No Latin letter or digit to name it by (an Arabic header): named by its place.
            // A dBase field spec after the name (`CDCOL,C,254`, as shapefile tables are exported): named `cdcol`.
            let latin = Self.fieldName(Self.dBaseField(label)?.name ?? label)
            let unnamed = !label.isEmpty && latin == nil
            let base = sample.headerless ? "colonne_\(position + 1)" : latin ?? "colonne_\(position + 1)"
            var name = base
            var suffix = 2
            while usedNames.contains(name) {
                name = "\(base)_\(suffix)"
                suffix += 1
            }
            usedNames.insert(name)
            var drafted = field(profile, name: name, convention: conventionIndex)
            drafted.unnamed = unnamed && !sample.headerless
            if sample.headerless { drafted.column = position + 1 }
            return drafted
        }
        // Columns sharing a label (a criterion under two merged groups, blank labels) are read by
        // position; those without a value in the sample are left out.
        for (label, columns) in positions.sorted(by: { $0.value[0] < $1.value[0] }) where columns.count > 1 {
            for index in columns {
                if profiles[index].values > 0 { fields[index].column = index + 1 } else { fields[index].leftOut = true }
            }
            let read = columns.filter { profiles[$0].values > 0 }
            fields[columns[0]].leftOutNote = "the source has \(columns.count) columns labelled '\(label)' (columns "
                + columns.map { String($0 + 1) }.joined(separator: ", ") + "), which from: cannot tell apart: "
                + (read.isEmpty ? "none has a value in the sample, so they are left out"
                    : "each is read by its position, column:\(read.count < columns.count ? ", and those without a value in the sample are left out" : ""); check that the next export keeps its columns in this order")
        }
        for (index, profile) in profiles.enumerated() where profile.label.isEmpty && profile.values == 0 && !fields[index].leftOut {
            fields[index].leftOut = true
            fields[index].leftOutNote = "column \(index + 1) has no header and no value in the sample (a delimiter at the end of each line?): left out"
        }
        let keyIndex = primaryKey(fields, profiles)
        if let keyIndex { fields[keyIndex].unique = false }  // the key says it
        // Else a statistical table's categories together (a commune and a sex), when they tell every sampled row apart.
        let keyIndices = keyIndex.map { [$0] } ?? compositeKey(fields, profiles)
        let keyNames = keyIndices.isEmpty ? nil : keyIndices.map { fields[$0].name }.joined(separator: ", ")

        var lines: [String] = []
        let detected = [
            sample.format == .csv ? "encoding \(sample.encoding.rawValue)" : nil,
            sample.format == .csv ? sample.delimiter.map { "delimiter '\(Self.delimiterName($0))'" } : nil,
            sample.format == .csv ? "decimal '\(comma ? "," : ".")'" : nil,
            thousands.map { "thousands '\(String(UnicodeScalar($0)))'" },
            sample.skipLines > 0 ? "\(sample.skipLines) line\(sample.skipLines == 1 ? "" : "s") of titles and notes before the header" : nil,
        ].compactMap { $0 }
        lines.append("# Draft recipe written by kiosque describe from \(Self.commentSafe(sourceLabel)), on \(sample.rows.count) sampled row\(sample.rows.count == 1 ? "" : "s").")
        if !detected.isEmpty { lines.append("# Detected: " + detected.joined(separator: ", ") + ".") }
        if sample.columns.contains(where: DoubleEncoding.occur) || sample.rows.contains(where: { $0.contains { $0.map(DoubleEncoding.occur) ?? false } }) {
            lines.append("# Some of its text looks encoded twice (Ã© for é, â€™ for ’): the export was read as Windows-1252")
            lines.append("# and saved again in UTF-8. run publishes it as it is, with a note: ask its producer for a clean export.")
        }
        if let saveAs { lines.append("# Save it as \(Self.commentSafe(saveAs)): its id and its source url assume that place.") }
        lines.append("# Read it through: types, keys and lists come from a sample, and the anonymisation")
        lines.append("# suggestions (marked below) must be confirmed by someone who knows the data.")
        lines.append("id: \(id)")
        lines.append("title: \(Self.quoted(Self.title(from: id)))")
        lines.append("# description: {fr: \"…\", en: \"…\"}")
        lines.append("# publisher: a key of publishers in catalog.yml (default: the first)")
        lines.append("source:")
        if let sourceNote { lines.append("  # \(Self.commentSafe(sourceNote))") }
        lines.append("  url: \(Self.quoted(sourceURL))")
        if let member { lines.append("  member: \(Self.quoted(member))") }
        lines.append("  format: \(sample.format.rawValue)")
        // A recipe names UTF-16 once; the byte order comes from the mark or the zero bytes.
        let encodingName = sample.encoding == .utf16LE || sample.encoding == .utf16BE ? "utf-16" : sample.encoding.rawValue
        if sample.format.isSpreadsheet, let sheet {
            if !otherSheets.isEmpty {
                lines.append("  # the workbook's other sheets: \(Self.commentSafe(otherSheets.prefix(20).map { "'\($0)'" }.joined(separator: ", ")))")
            }
            lines.append("  sheet: \(Self.quoted(sheet))")
            if sample.skipLines > 0 { lines.append("  skip_lines: \(sample.skipLines)   # rows above the header row") }
        } else if sample.format == .csv {
            lines.append("  encoding: \(encodingName)")
            if let delimiter = sample.delimiter { lines.append("  delimiter: \(Self.quoted(Self.delimiterName(delimiter)))") }
            lines.append("  decimal: \(Self.quoted(comma ? "," : "."))")
            if let thousands { lines.append("  thousands: \(Self.quoted(String(UnicodeScalar(thousands))))") }
            if sample.skipLines > 0 { lines.append("  skip_lines: \(sample.skipLines)") }
        } else {
            if sample.encoding != .utf8 {
                lines.append("  encoding: \(encodingName)   # JSON should be UTF-8; this export is not")
            }
            // JSON numbers are read as JSON writes them; these apply to numbers written as text.
            if comma { lines.append("  decimal: \",\"") }
            if let thousands { lines.append("  thousands: \(Self.quoted(String(UnicodeScalar(thousands))))") }
        }
        if !headers.isEmpty {
            lines.append("  headers: {\(headers.map { "\(Self.quoted($0.name)): \(Self.quoted($0.value))" }.joined(separator: ", "))}")
        }
        if let records = sample.records { lines.append("  records: \(Self.quoted(records))") }
        if let next = sample.nextPage {
            lines.append("  # the answer links to a next page: run reads every page, following it")
            lines.append("  paginate: {next: \(Self.quoted(next))}")
        } else if sample.format != .csv, let suggested = Pagination.suggested(by: sourceURL), let query = suggested.query {
            let size = query.sizeParameter.map { ", size_param: \(Self.quoted($0)), size: \(query.size ?? 0)" } ?? ""
            if case .offset = suggested {
                lines.append("  # the URL asks for records from an offset: run reads every page, moving \(Self.commentSafe(query.name)) on by the records of each, until one is empty")
                lines.append("  paginate: {offset_param: \(Self.quoted(query.name)), start: \(query.start)\(size)}")
            } else {
                lines.append("  # the URL asks for one page: run reads every page, \(Self.commentSafe(query.name))=\(query.start), \(query.start + 1), …, until one is empty")
                lines.append("  paginate: {param: \(Self.quoted(query.name)), start: \(query.start)\(size)}")
            }
        }
        if sample.headerless {
            lines.append("  # the first line holds values (dates, numbers) where a header holds labels: it is read as a record, and each field by its position")
            lines.append("  header: false")
        }
        lines.append("  missing_values: [\"\", \"NA\", \"N/A\", \"n/a\", \"-\"]")
        let perFile = yearPerFile(fields)
        if let perFile {
            let column = fields[perFile.columns.columns[0].index].from
            lines.append("  # each file has its own year's column ('\(Self.commentSafe(column))' in the first, \(perFile.years.count) years in all: \(perFile.years.first!) to \(perFile.years.last!)):")
            lines.append("  # unpivot reads it in each file as a row a year, and a new year's file needs no change here")
            lines.append("  unpivot: {columns_matching: \(Self.quoted(perFile.columns.matching!)), name: \(perFile.columns.name), value: \(perFile.columns.valueName)}")
        } else {
            lines += unpivotSuggestion(fields, key: keyNames)
        }
        lines.append("fields:")
        if sample.headerless { lines.append("  # no header row to name the fields by: write a name for each (a-z, 0-9, _); column: says which it reads") }
        for (index, field) in fields.enumerated() where index != perFile?.columns.columns[0].index {
            if let note = field.leftOutNote { lines.append("  # \(Self.commentSafe(note))") }
            if field.leftOut { continue }
            if let reason = field.reason { lines.append("  # \(reason)") }
            if let note = field.typeNote { lines.append("  # \(note)") }
            if field.unnamed { lines.append("  # name: its header has no Latin letter to name it by; write a name (a-z, 0-9, _), such as one in French or English") }
            lines.append("  - name: \(field.name)")
            if let column = field.column {
                lines.append("    column: \(column)\(sample.format.isSpreadsheet ? "   # \(Self.columnLetters(column)) in the sheet" : "")")
            } else {
                lines.append("    from: \(Self.quoted(field.from))")
            }
            lines.append("    type: \(field.type.rawValue)")
            if let format = field.format { lines.append("    format: \(Self.quoted(format))") }
            if let unit = field.unit {
                lines.append("    bare_number: false   # written with \(Self.quoted(Self.commentSafe(unit))): the number alone is published; say the unit in the description")
            }
            if field.required { lines.append("    required: true") }
            // Each file (a year) repeats the records: unique within the first file is not across them.
            if field.unique, perFile == nil { lines.append("    unique: true") }
            if let values = field.enumValues {
                lines.append("    enum: [\(values.map(Self.quoted).joined(separator: ", "))]   # the values seen in the sample")
            }
            if let anonymise = field.anonymise { lines.append("    anonymise: \(anonymise)") }
        }
        if let perFile {
            let value = fields[perFile.columns.columns[0].index]
            lines.append("  - name: \(perFile.columns.name)")
            lines.append("    type: \(perFile.columns.type.rawValue)")
            lines.append("  - name: \(perFile.columns.valueName)")
            lines.append("    type: \(value.type.rawValue)")
        }
        if let keyNames, !keyIndices.contains(where: { $0 == perFile?.columns.columns[0].index }) {
            lines.append("primary_key: [\(keyNames)\(perFile.map { ", \($0.columns.name)" } ?? "")]")
        }
        lines.append("validation:")
        lines.append("  invalid_rows: skip")
        lines.append("  max_invalid: 5%")
        // A cron job must not publish a cut export in place of the data: the draft guards it.
        lines.append("  max_row_drop: 50%   # refuse a version with fewer than half the rows of the last one (a cut export)")
        lines.append("publish:")
        lines.append("  formats: [csv, json]")
        return lines.joined(separator: "\n") + "\n"
    }

    private func field(_ profile: ColumnProfile, name: String, convention: Int) -> Field {
        var field = Field(name: name, from: profile.label, type: .string, format: nil, required: profile.missing == 0 && profile.values > 0,
                          unique: false, enumValues: nil, anonymise: nil, reason: nil)
        let values = profile.values
        if values > 0 {
            if let format = profile.dateFormat, format.hasSuffix("%y"), let latest = profile.latestTwoDigitYear, latest > currentYear {
                field.typeNote = "kept as text: its years have two digits, and run reads 00 to 69 as 2000 to 2069, so some would fall after \(currentYear) (\(latest)); ask for four-digit years, or set type: date and format: \(Self.quoted(format)) if every date is from 1970 on"
            } else if let format = profile.dateFormat {
                let compiled = try? DateFormat(format)
                field.type = compiled?.hasTime == true ? .datetime : compiled?.readsDay == false ? .yearmonth : .date
                field.format = format
                if field.type == .datetime, values >= 3, !profile.timesOfDay.contains(format) {
                    field.type = .date
                    field.typeNote = "published as dates: every time sampled (\(values)) is 00:00:00, as when a date is exported with a time; set type: datetime to keep times"
                }
                // Six at least: a few dates of birth can all be the first by chance (or by a registry's
                // convention for an unknown day).
                if field.type == .date, compiled?.readsDay == true, values >= 6, !profile.daysOfMonth.contains(format),
                   profile.months[format, default: []].count >= 3 {
                    field.type = .yearmonth
                    field.typeNote = "published as months (2025-03): every date sampled (\(values)) is the first of its month, as monthly figures are exported; set type: date to keep them as dates"
                }
                if format.hasSuffix("%y") {
                    field.typeNote = "two-digit years: run reads 00 to 69 as 2000 to 2069 and 70 to 99 as 1970 to 1999"
                }
            } else if profile.epochs == values, Self.saysTime(profile.label) {
                field.type = .datetime
                field.format = "%s"
                field.typeNote = "read as a time since 1970 (seconds, or milliseconds), published in UTC: its name says a date or time, and every value sampled is one between 1990 and 2100; set type: integer if it is not"
            } else if profile.integers == values, profile.leadingZeros == 0, profile.longest <= 15 {
                field.type = .integer
            } else if profile.groupedWholes[convention] > 0, profile.integers + profile.groupedWholes[convention] == values,
                      profile.leadingZeros == 0, profile.longest <= 20 {
                // Whole numbers grouped by thousands (`1 204`), as run reads them with the source's
                // `thousands`, beside plain ones (`987`): counts.
                field.type = .integer
            } else if profile.leadingZeros == 0, profile.longest <= 20, profile.numbers[convention] == values,
                      profile.nonIntegers[convention] > 0 {
                field.type = .number
            } else if profile.booleans == values {
                field.type = .boolean
            }
            if field.type == .integer || field.type == .number, profile.unitValues > 0 {
                if profile.units.count == 1 {
                    field.unit = profile.units.keys.first
                } else {
                    let counted = profile.units.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "'\($0.key)': \($0.value)" }
                    field.type = .string
                    field.typeNote = "kept as text: its numbers are written with different units (\(counted.joined(separator: ", "))), and bare_number: false would publish them alike; ask for one unit a column"
                }
            }
        }
        // Whole numbers in a column of codes are codes: `Code région` 91, `Code commune` 34172, a
        // dBase `C` (characters) column. Text keeps their exact form, as the next export may write
        // `2A` or `01001`, and says that they are not quantities.
        if field.type == .integer, field.unit == nil {
            if let dBase = Self.dBaseField(profile.label), dBase.type == "C" {
                field.type = .string
                field.typeNote = "kept as text: its header's dBase type is C (characters), so these whole numbers are codes; set type: integer if they are counts"
            } else if Self.codeWords.contains(where: Set(name.split(separator: "_").map(String.init)).contains) {
                field.type = .string
                field.typeNote = "kept as text: a code, although every value sampled is a whole number (a code keeps its exact form, such as 01001 or 2A); set type: integer if it is a count"
            }
        }
        // A small sample makes many columns look unique: only identifiers, or long text over many rows.
        let looksLikeIdentifier = Self.identifierNames.contains { name == $0 || name.hasPrefix($0 + "_") || name.hasSuffix("_" + $0) }
        field.unique = profile.isUnique && (field.type == .string || field.type == .integer) && values >= 2
            && (looksLikeIdentifier || (field.type == .string && values >= 20 && profile.longest >= 4))
        if field.type == .string, !field.unique, let count = profile.distinctCount, count >= 1, count <= 10, values >= 10, values >= count * 3 {
            field.enumValues = profile.distinct.keys.sorted()
        }
        suggestAnonymisation(&field, profile)
        if field.type == .string, field.reason == nil, field.typeNote == nil {
            field.typeNote = Self.mostlyTyped(profile, convention: convention, code: looksLikeIdentifier)
        }
        return field
    }

    /// For a column drafted as text although most of its values are dates or numbers: what the
    /// others are, so that the steward chooses (a field reads one date format and one way of
    /// writing numbers; with the type set, run reports the other values as invalid, by row).
    /// A `code` column (named like an identifier: `Code du département` holding `2A` beside `75`)
    /// is text by nature: no note proposes a number type for it.
    private static func mostlyTyped(_ profile: ColumnProfile, convention: Int, code: Bool) -> String? {
        let values = profile.values
        guard values >= 2 else { return nil }
        let formats = ColumnProfile.dateFormats.filter { (profile.dateFormats[$0] ?? 0) > 0 }
            .sorted { (profile.dateFormats[$0]!, $1) > (profile.dateFormats[$1]!, $0) }
        if let best = formats.first, profile.dateFormats[best]! * 2 >= values {
            let counted = formats.filter { profile.datesFirstRead[$0] != nil }.prefix(3)
                .map { "\($0): \(profile.datesFirstRead[$0]!)" }.joined(separator: ", ")
            return "kept as text: \(profile.dateFormats[best]!) of the \(values) values sampled are dates (\(counted)), and a field reads one date format; ask for one in the export, or set type: \(Self.readsTime(best) ? "datetime" : "date") and format: \(quoted(best)) and run reports the others as invalid"
        }
        if !code, profile.leadingZeros == 0, profile.numbers[convention] * 2 >= values, profile.numbers[convention] < values {
            let marks = profile.decimalsWithComma > 0 && profile.decimalsWithPoint > 0
                ? ", with decimals written both with ',' (\(profile.decimalsWithComma)) and with '.' (\(profile.decimalsWithPoint))" : ""
            return "kept as text: \(profile.numbers[convention]) of the \(values) values sampled are numbers\(marks); with type: number, run reports the others as invalid"
        }
        return nil
    }

    /// An operator for a column that looks personal, and why.
    private func suggestAnonymisation(_ field: inout Field, _ profile: ColumnProfile) {
        let word = PersonalDataHints.personalWord(in: field.name) ?? PersonalDataHints.personalWord(in: profile.label)
        let identifiers = ["cin", "cni", "nni", "nin", "passeport", "passport", "matricule", "iban", "rib", "ssn", "nir"]
        let dates = ["date naissance", "date de naissance", "date of birth", "birth date", "dob", "birthdate", "birthday", "ne le", "nee le", "naissance",
                     "mois naissance", "mois de naissance", "month of birth", "birth month"]
        if let word {
            if identifiers.contains(word) {
                field.anonymise = "{pseudonymise: {key: \"${env:KIOSQUE_PSEUDONYM_KEY}\"\(keyID.map { ", key_id: \($0)" } ?? "")}}"
                field.reason = "looks personal: its name says '\(word)'; pseudonymised, so records can still be linked (needs KIOSQUE_PSEUDONYM_KEY"
                    + (keyID.map { ", pinned to the one set here, identifier \($0): a run given another key stops before publishing)" } ?? ")")
                field.unique = false
            } else if dates.contains(word), [.date, .datetime, .yearmonth].contains(field.type) {
                field.anonymise = "{generalise: year}"
                field.reason = "looks personal: its name says '\(word)'; published as the year only"
            } else if Self.phoneWords.contains(word), field.type == .string {
                field.anonymise = "{mask: {keep_first: 4, keep_last: 2}}"
                field.reason = "looks personal: its name says '\(word)'; masked"
                field.unique = false
            } else if Self.phoneWords.contains(word), field.type == .integer {
                Self.maskWholeNumbers(&field, reason: "looks personal: its name says '\(word)'")
            } else if ["gps", "geopoint"].contains(word), field.type == .number {
                field.anonymise = "{round: 0.01}"
                field.reason = "looks personal: its name says '\(word)', where a form was filled, often a home; rounded to 0.01 degree (about 1 km)"
                field.unique = false
            } else if word == "naissance" {
                return
            } else {
                field.anonymise = "drop"
                field.reason = "looks personal: its name says '\(word)'; dropped, never published"
                field.unique = false
            }
            field.enumValues = nil
            return
        }
        if field.type == .integer, profile.phoneTally.wholeNumbersArePhones {
            Self.maskWholeNumbers(&field, reason: "looks personal: its values are phone numbers written without spaces, all of one length")
            return
        }
        guard field.type == .string, profile.values > 0 else { return }
        if PersonNames.isNameColumn(names: profile.personNames, values: profile.values) {
            field.anonymise = "drop"
            field.reason = "looks personal: \(profile.personNames) of the \(profile.values) values sampled look like people's names; dropped, never published"
            field.unique = false
            field.enumValues = nil
            return
        }
        if profile.emails > 0 || profile.phones > 0 {
            let what = profile.emails > 0 ? "e-mail addresses" : "phone numbers"
            if profile.emails + profile.phones >= profile.values {
                field.anonymise = profile.emails > 0 ? "drop" : "{mask: {keep_first: 4, keep_last: 2}}"
                field.reason = "looks personal: its values are \(what); \(profile.emails > 0 ? "dropped" : "masked")"
            } else {
                field.anonymise = "{redact: [email, phone]}"
                field.reason = "looks personal: some values hold \(what); redacted"
            }
            field.unique = false
            field.enumValues = nil
        }
    }

    static let phoneWords = ["telephone", "tel", "phone", "mobile", "portable", "gsm", "phonenumber", "msisdn", "phone number", "numero de telephone"]

    /// Phone numbers written as whole numbers (`771234567`): read as text, which a mask needs, and
    /// masked but for the operator's two digits and the last two.
    private static func maskWholeNumbers(_ field: inout Field, reason: String) {
        field.type = .string
        field.anonymise = "{mask: {keep_first: 2, keep_last: 2}}"
        field.reason = reason + "; read as text and masked"
        field.unique = false
        field.enumValues = nil
        field.typeNote = nil
        field.unit = nil
    }
}
