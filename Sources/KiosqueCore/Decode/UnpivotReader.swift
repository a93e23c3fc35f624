import Foundation

/// A wide table read as a long one (`source: unpivot:`): each record of the source gives one record
/// per listed column, holding the source record's other columns (in their order), then the
/// column's label, then its cell. The records keep the source record's line, so that an invalid
/// one is found where the steward looks for it.
///
/// A CSV record whose every cell is empty stays one blank record, so that blank lines are told
/// apart as before; one with too many or too few cells gives records with as many more or fewer
/// (the last ones), so that the shaper still counts its extra or missing cells.
final class UnpivotReader: RecordReader {
    let columns: [String]
    var encoding: TextEncoding { inner.encoding }
    var underlying: any RecordReader { inner.underlying }
    var keyed: (any KeyedRecords)? { inner.keyed }

    private let inner: any RecordReader
    /// The reader whose records are turned.
    var wrapped: any RecordReader { inner }
    /// Columns of the header like the listed ones but for their year (`Naissances en 2010` beside
    /// a list up to 2009), which no list names: a new year's column the recipe does not publish.
    let unlisted: [String]
    /// The source columns each record keeps, in order.
    private let kept: [Int]
    /// The source columns turned into records, with the label their records carry.
    private let turned: [(column: Int, label: [UInt8])]
    private let skipMissing: Bool
    private let missingValues: MissingValues
    private let readsLines: Bool
    /// The source record being turned, and the next of `turned` to give (`turned.count` once done).
    private let source = RawRow()
    private var position: Int

    init(_ inner: any RecordReader, unpivot: Unpivot, missingValues: [String]) throws {
        self.inner = inner
        let labels = inner.columns
        var turned: [(column: Int, label: [UInt8])] = []
        var absent: [String] = []
        if let matching = unpivot.matching {
            turned = try Self.matched(matching, labels: labels, reader: inner)
        }
        for (column, label) in unpivot.columns {
            let matches = labels.indices.filter { labels[$0].trimmingCharacters(in: .whitespaces) == column.trimmingCharacters(in: .whitespaces) }
            if matches.count > 1 {
                throw DecodeError("unpivot lists column '\(column)', which the source's header row has \(matches.count) times (columns \(matches.map { String($0 + 1) }.joined(separator: ", "))); rename them in the export, or set skip_lines to read another header row", key: "unpivot")
            }
            guard let index = matches.first else {
                absent.append(column)
                continue
            }
            turned.append((index, Array(Composition.composed(label).utf8)))
        }
        if !absent.isEmpty {
            throw Self.absent(absent, of: unpivot, found: turned.count, labels: labels)
        }
        let turnedColumns = Set(turned.map(\.column))
        kept = labels.indices.filter { !turnedColumns.contains($0) }
        let keptLabels = kept.map { labels[$0] }
        for new in [unpivot.name, unpivot.value] where keptLabels.contains(where: { $0.trimmingCharacters(in: .whitespaces) == new }) {
            throw DecodeError("unpivot names its new column '\(new)', but the source already has a column of that label; give unpivot's \(new == unpivot.name ? "name" : "value") another one", key: "unpivot")
        }
        columns = keptLabels + [unpivot.name, unpivot.value]
        let series = Set(turned.compactMap { PeriodColumns.yearKey(labels[$0.column].trimmingCharacters(in: .whitespaces)) })
        unlisted = unpivot.matching != nil ? [] : keptLabels.filter { label in
            PeriodColumns.yearKey(label.trimmingCharacters(in: .whitespaces)).map(series.contains) ?? false
        }
        self.turned = turned
        skipMissing = unpivot.skipMissing
        self.missingValues = MissingValues(missingValues)
        readsLines = inner.underlying is CSVReader
        position = turned.count
    }

    /// The columns whose labels `pattern` matches, in the header's order, with the labels their
    /// rows carry. None, or two that would carry one label, fail the dataset.
    private static func matched(_ pattern: String, labels: [String], reader: any RecordReader) throws -> [(column: Int, label: [UInt8])] {
        guard reader.underlying is CSVReader else {
            throw DecodeError("unpivot columns_matching chooses columns by their header labels, and this source is JSON, whose records are read by the keys the recipe names: list them in columns", key: "unpivot")
        }
        let expression = try NSRegularExpression(pattern: pattern)
        var turned: [(column: Int, label: [UInt8])] = []
        var seen: [String: Int] = [:]
        for (index, text) in labels.enumerated() {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard let label = Unpivot.match(expression, trimmed) else { continue }
            if let other = seen[label] {
                throw DecodeError("unpivot columns_matching gives the label '\(label)' to two columns, '\(Shaper.shown(labels[other]))' and '\(Shaper.shown(text))'; make the pattern tell them apart", key: "unpivot")
            }
            seen[label] = index
            turned.append((index, Array(Composition.composed(label).utf8)))
        }
        guard !turned.isEmpty else {
            // Not one label matched: the line may be a record, so none of it is shown.
            throw DecodeError("unpivot columns_matching \(pattern) matches none of the source's header labels (\(labels.count) cells, not shown, as the line may be a record); check the pattern and skip_lines, or run kiosque describe on the source to see the labels", key: "unpivot")
        }
        return turned
    }

    /// What to say of `unlisted`, for run's notes and check's warnings; nil when there is none.
    var unlistedNote: String? {
        guard !unlisted.isEmpty else { return nil }
        let named = unlisted.prefix(10).map { "'\(Shaper.shown($0))'" }.joined(separator: ", ") + (unlisted.count > 10 ? " and \(unlisted.count - 10) more" : "")
        let one = unlisted.count == 1
        return "the source has column\(one ? "" : "s") like those unpivot lists but not listed (\(named)): \(one ? "its" : "their") cells are not published; add \(one ? "it" : "them") to unpivot columns, or choose the columns with columns_matching"
    }

    /// The listed columns the header lacks. Labels are shown only when some listed column was
    /// found, so that the line read is a header row and not a record, which may hold personal data.
    private static func absent(_ absent: [String], of unpivot: Unpivot, found: Int, labels: [String]) -> DecodeError {
        let named = absent.prefix(10).map { "'\($0)'" }.joined(separator: ", ") + (absent.count > 10 ? " and \(absent.count - 10) more" : "")
        guard found > 0 else {
            return DecodeError("unpivot lists columns the source does not have: none of its \(unpivot.columns.count) columns (\(named)) is in the source's header row (\(labels.count) cells, not shown, as it may be a record); check skip_lines and the columns' labels, or run kiosque describe on the source to see them", key: "unpivot")
        }
        let suggestions = absent.prefix(10).compactMap { column in
            Suggestion.closest(to: column, in: labels).map { (column, Shaper.shown($0)) }
        }
        let hint = absent.count == 1
            ? suggestions.first.map { " (did you mean '\($0.1)'?)" } ?? ""
            : suggestions.isEmpty ? "" : " (\(suggestions.map { "for '\($0.0)', did you mean '\($0.1)'?" }.joined(separator: "; ")))"
        return DecodeError("unpivot lists column\(absent.count == 1 ? "" : "s") \(named), which the source's header row does not have\(hint); fix unpivot columns in the recipe", key: "unpivot")
    }

    func next(into row: RawRow) throws -> Bool {
        while true {
            if position == turned.count {
                guard try inner.next(into: source) else { return false }
                position = 0
                if readsLines, source.isBlank {
                    position = turned.count
                    row.reset(from: source)
                    for _ in columns { row.endCell() }
                    return true
                }
            }
            let (column, label) = turned[position]
            position += 1
            if skipMissing, isMissing(column) { continue }
            give(column, label: label, into: row)
            return true
        }
    }

    /// The record of the source record's `column`.
    private func give(_ column: Int, label: [UInt8], into row: RawRow) {
        row.reset(from: source)
        let present = source.count
        let flagged = source.nulls.count > 0
        func copy(_ index: Int) {
            if index < present {
                row.bytes.append(source.cell(index))
                if flagged {
                    row.nulls.append(source.isNull(index))
                    row.numbers.append(source.isNumber(index))
                }
            } else if flagged {
                row.nulls.append(true)
                row.numbers.append(false)
            }
            row.endCell()
        }
        for index in kept { copy(index) }
        label.withUnsafeBufferPointer { row.bytes.append($0) }
        if flagged {
            row.nulls.append(false)
            row.numbers.append(false)
        }
        row.endCell()
        copy(column)
        // As many cells more or fewer as the source record has: the last ones dropped, or empty ones added.
        row.adjustCells(by: present - inner.columns.count)
    }

    /// Whether the source record's cell in `column` means "no value".
    private func isMissing(_ column: Int) -> Bool {
        guard column < source.count else { return true }
        if source.isNull(column) { return true }
        return missingValues.contains(Shaper.trimmed(source.cell(column)))
    }
}
