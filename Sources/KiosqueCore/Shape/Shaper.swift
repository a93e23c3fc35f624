import Foundation

/// The recipe does not fit the source: a column it names is absent or ambiguous.
public struct SchemaMismatch: Error, Sendable, CustomStringConvertible {
    /// The recipe field the problem is about.
    public var field: String? = nil
    public var message: String
    public var description: String { message }
}

/// Maps each source record to the recipe's fields (`from`), trims, recognises missing values
/// and casts each cell to its type. All per-file work (column lookup, format compilation) happens in `init`.
final class Shaper {
    let fields: [FieldSpec]
    private let sourceIndex: [Int]
    /// Reached through a pointer so that calling one does not copy it (and retain its formats).
    private let casters: UnsafeMutableBufferPointer<CellCaster>
    /// For JSON numbers, in JSON's syntax whatever the recipe's separators: `2.5` under
    /// `decimal: ","` and `thousands: "."` is two and a half, not 25. The same as `casters` for CSV,
    /// and when the recipe keeps JSON's separators.
    private let numberCasters: UnsafeMutableBufferPointer<CellCaster>
    private let missingValues: MissingValues
    private let sourceColumnCount: Int
    /// Labels found on more than one column that no field reads: worth a note, not a failure.
    let duplicateLabels: [String]
    /// JSON records always have every column; CSV rows may not.
    private let checksCellCount: Bool
    private let composer = CellComposer()
    /// A refused value with Arabic-script numerals, rewritten in ASCII (`ArabicNumerals`).
    private let arabicScratch = ByteBuffer()
    /// Text fields published as read (no operator): their cells holding control characters are
    /// counted, with where the first was, for a note (never the values).
    private let watchesControls: [Bool]
    private var controls: Sightings
    /// The same for text that looks encoded twice (`DoubleEncoding`).
    private var doubled: Sightings

    /// How many cells of each field held something, and the line (or record) of the first.
    private struct Sightings {
        var cells: [Int]
        var first: [Int]
        /// Which of a pattern's files the first is in (`RawRow.file`).
        var firstFile: [Int]

        init(fields: Int) {
            cells = Array(repeating: 0, count: fields)
            first = Array(repeating: 0, count: fields)
            firstFile = Array(repeating: 0, count: fields)
        }

        mutating func record(_ field: Int, line: Int, file: Int) {
            cells[field] += 1
            if first[field] == 0 {
                first[field] = line
                firstFile[field] = file
            }
        }

        /// One note for each field with sightings: `say(count, place)`, the place a line or a
        /// record, of its file when the source is a pattern's `files`.
        func notes(_ fields: [FieldSpec], lines: Bool, files: [String], _ say: (Int, String) -> String) -> [String] {
            fields.indices.filter { cells[$0] > 0 }.map { index in
                let file = files.isEmpty ? "" : " of \(files[firstFile[index]])"
                return "field '\(fields[index].name)': " + say(cells[index], (lines ? "line \(first[index])" : "record \(first[index])") + file)
            }
        }
    }

    init(recipe: Recipe, columns: [String], checksCellCount: Bool) throws {
        fields = recipe.fields
        sourceColumnCount = columns.count
        self.checksCellCount = checksCellCount
        var indices: [Int] = []
        var casters: [CellCaster] = []
        var numberCasters: [CellCaster] = []
        // CSV has no JSON numbers; a recipe with JSON's separators needs no second caster either.
        let sharedCasters = checksCellCount || (recipe.source.decimal == UInt8(ascii: ".") && recipe.source.thousands == nil)
        // Every label the header lacks is named in one message, so that all are fixed in one go.
        let absent = recipe.fields.filter { $0.column == nil && !columns.contains($0.from.trimmingCharacters(in: .whitespaces)) }
        if let first = absent.first {
            // Not one label found: the first line may be a record, whose cells are not shown.
            let labelled = recipe.fields.filter { $0.column == nil }.count
            let noneFound = labelled >= 2 && absent.count == labelled && columns.count > 1
            _ = try Self.column(labelled: first, in: columns, alsoAbsent: Array(absent.dropFirst()), noneFound: noneFound)
        }
        for field in recipe.fields {
            if let column = field.column {
                // A headerless source with no record at all has no columns, and no row to shape.
                guard column <= columns.count || (!recipe.source.header && columns.isEmpty) else {
                    throw SchemaMismatch(field: field.name, message: "field '\(field.name)' reads column \(column), but the source's \(recipe.source.header ? "header row" : "first record") has \(columns.count) column\(columns.count == 1 ? "" : "s"); fix column: in the recipe, or check source delimiter")
                }
                indices.append(column - 1)
            } else {
                indices.append(try Self.column(labelled: field, in: columns))
            }
            casters.append(try CellCaster(type: field.type, format: field.format, decimal: recipe.source.decimal,
                                          thousands: recipe.source.thousands, bareNumber: field.bareNumber))
            if !sharedCasters {
                numberCasters.append(try CellCaster(type: field.type, format: field.format, decimal: UInt8(ascii: "."), thousands: nil))
            }
        }
        // A field published as it is may not read, by position, the column another field hides
        // by label (or the other way round): its values would appear all the same.
        for (index, field) in recipe.fields.enumerated() where field.anonymise == nil {
            if let hiding = recipe.fields.indices.first(where: { recipe.fields[$0].hidesSourceValues && indices[$0] == indices[index] }) {
                let hidden = recipe.fields[hiding]
                throw SchemaMismatch(field: field.name, message: "field '\(field.name)' reads \(field.place) and field '\(hidden.name)' reads \(hidden.place): both are column \(indices[index] + 1) of the source, which '\(hidden.name)' \(FieldLoader.verb(hidden.anonymise!)); published as it is, those values would appear all the same; give '\(field.name)' an anonymise operator, or read another column")
            }
        }
        sourceIndex = indices
        watchesControls = recipe.fields.map { $0.type == .string && $0.anonymise == nil }
        controls = Sightings(fields: recipe.fields.count)
        doubled = Sightings(fields: recipe.fields.count)
        self.casters = .allocate(capacity: casters.count)
        _ = self.casters.initialize(from: casters)
        if sharedCasters {
            self.numberCasters = self.casters
        } else {
            self.numberCasters = .allocate(capacity: numberCasters.count)
            _ = self.numberCasters.initialize(from: numberCasters)
        }
        let read = Set(indices)
        var seen: [String: [Int]] = [:]
        for (index, label) in columns.enumerated() { seen[label, default: []].append(index) }
        duplicateLabels = seen.filter { $0.value.count > 1 && $0.value.allSatisfy { !read.contains($0) } }
            .map { label, positions in "the source has \(positions.count) columns labelled '\(Self.shown(label))' (columns \(positions.map { String($0 + 1) }.joined(separator: ", "))); no field reads them" }
            .sorted()
        missingValues = MissingValues(recipe.source.missingValues)
    }

    /// A label as messages show it. A file without a header row has its first record taken for
    /// labels, and a record may hold personal data: a label that looks like an e-mail address, a
    /// phone number or a person's name is not shown, and says what is likely wrong instead.
    static func shown(_ label: String) -> String {
        if Redactor.containsEmail(label) || Redactor.isPhoneNumber(label) || PersonNames.looksLikeName(label) {
            return "(a value like an e-mail address, a phone number or a person's name, not shown: has the file a header row? if not, write header: false)"
        }
        return printable(label)
    }

    /// A source text as a terminal line or a log shows it: shortened past 60 characters, and a
    /// control character (an escape sequence from a hostile file, a stray NUL) written as its
    /// code, never sent raw to a terminal or a log.
    static func printable(_ text: String) -> String {
        let short = text.count > 60 ? text.prefix(57) + "…" : text
        guard short.unicodeScalars.contains(where: Self.isControl) else { return short }
        return short.unicodeScalars.map { Self.isControl($0) ? "\\u{\(String($0.value, radix: 16, uppercase: true))}" : String($0) }.joined()
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// A label without case, accents or spaces, to tell a renamed header (`CODE POSTAL`) from another text.
    private static func folded(_ label: String) -> String {
        label.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).filter { !$0.isWhitespace && $0 != "_" }
    }

    /// Whether a label reads as a value rather than a column's name: a date (`02/01/2025`,
    /// `2025-01-02`), a number with decimals (`47,2`), an e-mail address or a phone number. A year
    /// (`2019`) or a code is a label, as statistical tables write them.
    static func looksLikeValue(_ label: String) -> Bool {
        // A number that is not a plain integer under some convention (`47,2`, `1 234`), as describe reads them.
        let bytes = Array(label.trimmingCharacters(in: .whitespaces).utf8)
        if NumberConvention.all.contains(where: { $0.reads(bytes) == false }) { return true }
        return ColumnProfile.isDate(label) || Redactor.containsEmail(label) || Redactor.isPhoneNumber(label)
    }

    /// The position of the one column labelled as `field.from` says.
    /// `alsoAbsent`: the other fields whose labels the source lacks, named in the same message.
    private static func column(labelled field: FieldSpec, in columns: [String], alsoAbsent: [FieldSpec] = [],
                               noneFound: Bool = false) throws -> Int {
        let wanted = field.from.trimmingCharacters(in: .whitespaces)
        let matches = columns.indices.filter { columns[$0] == wanted }
        guard !matches.isEmpty else {
            // A first line of values (no header row, or lines before it) may hold a person's name
            // beside its dates and numbers: then no label is shown.
            if columns.contains(where: Self.looksLikeValue) {
                throw SchemaMismatch(field: field.name, message: "field '\(field.name)' reads column '\(field.from)', which the source does not have. The source's first line holds values (a date, a decimal number or a contact), not column labels, so none is shown: if the file has no header row, write header: false and read each column by its position (column: 3); if lines come before the header, set skip_lines.")
            }
            // Not one of the recipe's labels in the first line: it may be a record (a name, an id)
            // as well as a renamed header, so only a label that differs from a wanted one by case,
            // accents or spaces alone is shown (`CODE` for `Code`), which no record's value would be.
            if noneFound {
                let renamed = ([field] + alsoAbsent).compactMap { wanted in
                    columns.first { Self.folded($0) == Self.folded(wanted.from) }.map { "field '\(wanted.name)' reads column '\(wanted.from)': the source writes '\(Self.shown($0))'" }
                }
                let seen = renamed.isEmpty ? "" : " Labels that differ by case, accents or spaces alone: \(renamed.joined(separator: "; "))."
                throw SchemaMismatch(field: field.name, message: "field '\(field.name)' reads column '\(field.from)', which the source does not have, and no other field's label is in the source's first line either (\(columns.count) cells).\(seen) The line's other cells are not shown, as it may be a record rather than a header, and hold personal data: if the file has no header row, write header: false and read each column by its position (column: 3); if lines come before the header, set skip_lines; to see the source's labels, run kiosque describe on it.")
            }
            // A column without a label is no suggestion; it is read by its position.
            let unlabelled = columns.indices.filter { columns[$0].allSatisfy(\.isWhitespace) }
            let labelled = columns.filter { !$0.allSatisfy(\.isWhitespace) }
            var hint = Suggestion.closest(to: wanted, in: labelled).map { " Did you mean '\(Self.shown($0))'?" } ?? ""
            if !alsoAbsent.isEmpty {
                let others = alsoAbsent.map { other in
                    let closest = Suggestion.closest(to: other.from.trimmingCharacters(in: .whitespaces), in: labelled)
                    return "field '\(other.name)' reads column '\(other.from)'" + (closest.map { " (did you mean '\(Self.shown($0))'?)" } ?? "")
                }
                hint += " Nor does it have the columns of \(others.count == 1 ? "another field" : "\(others.count) other fields"): \(others.joined(separator: "; "))."
            }
            // A broken source may have thousands of odd labels: show the first ones, shortened.
            let shown = labelled.prefix(40).map { label in "'\(Self.shown(label))'" }
            var list = shown.joined(separator: ", ") + (labelled.count > 40 ? " and \(labelled.count - 40) more" : "")
            if !unlabelled.isEmpty {
                let positions = unlabelled.prefix(10).map { String($0 + 1) }.joined(separator: ", ") + (unlabelled.count > 10 ? ", …" : "")
                list += (labelled.isEmpty ? "" : ", and ") + "\(unlabelled.count) without a label (column\(unlabelled.count == 1 ? "" : "s") \(positions): "
                    + "read one by its position, such as column: \(unlabelled[0] + 1), or set skip_lines if the labels are on a later line)"
            }
            let fix = columns.contains(where: DoubleEncoding.occur)
                ? "The source's labels look encoded twice (Ã© for é): if the file is UTF-8 and the recipe says another encoding, set source encoding: utf-8 (or auto); else the export was read as Windows-1252 and saved again in UTF-8: ask its producer for a clean one."
                : "Fix from: in the recipe."
            throw SchemaMismatch(field: field.name, message: "field '\(field.name)' reads column '\(field.from)', which the source does not have.\(hint) The source's columns are: \(list). \(fix)")
        }
        guard matches.count == 1 else {
            throw SchemaMismatch(field: field.name, message: "field '\(field.name)' reads column '\(field.from)', but the source has \(matches.count) columns with that label (columns \(matches.map { String($0 + 1) }.joined(separator: ", "))); read the one you mean by its position instead of from:, such as column: \(matches[0] + 1)")
        }
        return matches[0]
    }

    deinit {
        if numberCasters.baseAddress != casters.baseAddress {
            numberCasters.baseAddress!.deinitialize(count: numberCasters.count)
            numberCasters.deallocate()
        }
        casters.baseAddress!.deinitialize(count: casters.count)
        casters.deallocate()
    }

    /// Casts `raw` into `row` (one cell per recipe field), appending what fails to `issues`.
    func shape(_ raw: RawRow, into row: ShapedRow, issues: inout [RowIssue]) {
        row.reset()
        if checksCellCount {
            if raw.isBlank {
                issues.append(RowIssue(rule: .blankRow))
                return
            }
            // One issue per extra or missing cell, as Frictionless counts them.
            if raw.count > sourceColumnCount {
                for _ in sourceColumnCount..<raw.count { issues.append(RowIssue(rule: .extraCells)) }
            } else if raw.count < sourceColumnCount {
                for column in raw.count..<sourceColumnCount {
                    issues.append(RowIssue(rule: .missingCells, field: sourceIndex.firstIndex(of: column)))
                }
            }
        }
        let mayCompose = raw.mayCompose
        let mayHoldControls = raw.mayHoldControls
        let mayBeDoubleEncoded = raw.mayBeDoubleEncoded
        // The row's buffer at +0: retaining it around each cast cost more than the cast of a short cell.
        Unmanaged.passUnretained(row.bytes)._withUnsafeGuaranteedRef { out in
            for index in 0..<casters.count {
                let source = sourceIndex[index]
                guard source < raw.count, !raw.isNull(source) else {
                    row.close(.null)
                    continue
                }
                var cell = Self.trimmed(raw.cell(source))
                if mayCompose, let composed = composer.compose(cell) { cell = composed }
                if missingValues.contains(cell) {
                    row.close(.null)
                    continue
                }
                let caster = casters.baseAddress! + index
                // Text, most fields, is copied as it is without a call.
                if caster.pointee.type == .string {
                    if mayHoldControls, watchesControls[index], ControlCharacters.occur(in: cell) {
                        controls.record(index, line: raw.line, file: raw.file)
                    }
                    if mayBeDoubleEncoded, watchesControls[index], DoubleEncoding.occur(in: cell) {
                        doubled.record(index, line: raw.line, file: raw.file)
                    }
                    out.append(cell)
                    row.close(.string)
                } else if let kind = (raw.isNumber(source) ? numberCasters.baseAddress! + index : caster).pointee.cast(cell, into: out) {
                    row.close(kind)
                } else if raw.isNumber(source), caster.pointee.type == .integer, CellCaster.integralNumber(cell, into: out) {
                    row.close(.number)
                } else if let kind = caster.pointee.castArabic(cell, into: out, scratch: arabicScratch) {
                    row.close(kind)
                } else {
                    row.close(.invalid)
                    issues.append(RowIssue(rule: .type, field: index))
                }
            }
        }
    }

    /// The cell without surrounding spaces, tabs and no-break spaces.
    @inline(__always)
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var lower = 0
        var upper = bytes.count
        while lower < upper {
            let byte = bytes[lower]
            if byte == 0x20 || byte == 0x09 { lower += 1 } else if byte == 0xC2, lower + 1 < upper, bytes[lower + 1] == 0xA0 { lower += 2 } else { break }
        }
        while upper > lower {
            let byte = bytes[upper - 1]
            if byte == 0x20 || byte == 0x09 { upper -= 1 } else if byte == 0xA0, upper - 2 >= lower, bytes[upper - 2] == 0xC2 { upper -= 2 } else { break }
        }
        return UnsafeBufferPointer(rebasing: bytes[lower..<upper])
    }

    /// What the run says about text fields holding control characters: which field, how many
    /// values, where the first was; never a value.
    func controlNotes(lines: Bool, files: [String] = []) -> [String] {
        controls.notes(fields, lines: lines, files: files) { count, place in
            "\(count) value\(count == 1 ? "" : "s") \(count == 1 ? "holds" : "hold") control characters (U+0000–U+001F but tab and line breaks, or U+007F; the first on \(place)), published as they are; spreadsheets and some loaders misread them (PostgreSQL refuses NUL): ask for an export without them"
        }
    }

    /// What the run says about text fields holding text that looks encoded twice: which field, how
    /// many values, where the first was; never a value.
    func doubleEncodingNotes(lines: Bool, encoding: TextEncoding, files: [String] = []) -> [String] {
        let cause = encoding == .utf8
            ? "the export was read as Windows-1252 somewhere and saved again in UTF-8: ask its producer for a clean export"
            : "the source looks like UTF-8 read as \(encoding.rawValue): set source encoding: utf-8 (or auto), or ask its producer for a clean export"
        return doubled.notes(fields, lines: lines, files: files) { count, place in
            "\(count) value\(count == 1 ? "" : "s") \(count == 1 ? "holds" : "hold") text that looks encoded twice (Ã© for é, â€™ for ’; the first on \(place)), published as \(count == 1 ? "it is" : "they are"); \(cause)"
        }
    }

    /// The trimmed source text of field `index` in `raw`, for error samples of non-personal fields.
    func sourceText(_ raw: RawRow, field index: Int) -> String? {
        let source = sourceIndex[index]
        guard source < raw.count, !raw.isNull(source) else { return nil }
        return String(decoding: Self.trimmed(raw.cell(source)), as: UTF8.self)
    }
}

extension RowIssue {
    init(rule: Rule) {
        self.init(rule: rule, field: nil)
    }
}
