import Foundation
import Yams

/// `source: unpivot:`: a wide table (a column per year, month or category, such as INSEE's
/// `nais09 … nais05`) read as a long one. Each source record gives one record per listed column,
/// holding the record's other columns, the column's label under `name` and its cell under `value`.
public struct Unpivot: Sendable {
    /// The source columns turned into records, in order, each with the text its records carry
    /// under `name` (the column's own label, or the one the recipe maps it to).
    /// Empty with `matching`.
    public var columns: [(column: String, label: String)]
    /// `columns_matching:` a regular expression: every column whose label it matches is turned,
    /// in the header's order, carrying its first group (or, without one, the label): a column a
    /// new year adds to the export is turned too.
    public var matching: String? = nil
    /// The column that holds each record's label.
    public var name: String
    /// The column that holds each record's cell.
    public var value: String
    /// `skip_missing: true`: a cell that is missing (empty, or one of `missing_values`) makes no
    /// record, as a year before an area existed has no figure rather than a figure of none.
    public var skipMissing = false

    /// The columns the recipe's fields read from the source itself: every field but those that
    /// read `name` and `value`.
    func reads(_ field: FieldSpec) -> Bool {
        field.from != name && field.from != value
    }

    /// Whether the source column `label` is one unpivot turns into rows, and the label its rows carry.
    func turned(_ label: String) -> String? {
        if let matching {
            guard let expression = try? NSRegularExpression(pattern: matching) else { return nil }
            return Self.match(expression, label)
        }
        return columns.first { $0.column == label }?.label
    }

    /// The label `expression` gives `text`: its first group, or the whole text; nil when it does not match.
    static func match(_ expression: NSRegularExpression, _ text: String) -> String? {
        let range = NSRange(text.startIndex..., in: text)
        guard let found = expression.firstMatch(in: text, range: range) else { return nil }
        if found.numberOfRanges > 1, let group = Range(found.range(at: 1), in: text) { return String(text[group]) }
        return text
    }

    /// "each of the 5 rows a record gives", or of the rows, when a pattern chooses the columns.
    var eachRow: String {
        matching == nil ? "each of the \(columns.count) rows a record gives" : "each of the rows a record gives"
    }
}

/// Reads `source: unpivot:`.
enum UnpivotLoader {
    static let keys = ["columns", "columns_matching", "name", "value", "skip_missing"]

    static func load(_ node: Node, _ reader: YAMLReader) -> Unpivot? {
        guard let entries = reader.mapping(node, "unpivot", allowed: keys) else { return nil }
        let example = "unpivot: {columns: [nais09, nais08], name: annee, value: naissances}"
        if entries["columns"] != nil, let both = entries["columns_matching"] {
            reader.error("unpivot takes columns (a list) or columns_matching (a pattern), not both", at: both)
            return nil
        }
        let columnsNode = entries["columns"] ?? entries["columns_matching"]
        guard let columnsNode, let nameNode = entries["name"], let valueNode = entries["value"] else {
            let absent = [columnsNode == nil ? "columns" : nil, entries["name"] == nil ? "name" : nil, entries["value"] == nil ? "value" : nil].compactMap { $0 }
            reader.error("unpivot needs \(absent.joined(separator: ", ")): the source columns to turn into rows, and the names of the two columns they become, such as \(example)", at: node)
            return nil
        }
        var matching: String?
        if entries["columns_matching"] != nil {
            guard let pattern = reader.string(columnsNode, "unpivot columns_matching") else { return nil }
            guard (try? NSRegularExpression(pattern: pattern)) != nil else {
                reader.error("unpivot columns_matching is not a regular expression kiosque can read: \(pattern); such as \"^Naissances en ([0-9]{4})$\", whose group is the label each row carries", at: columnsNode)
                return nil
            }
            matching = pattern
        }
        guard let columns = matching != nil ? [] : self.columns(columnsNode, reader),
              let name = reader.string(nameNode, "unpivot name"), let value = reader.string(valueNode, "unpivot value") else { return nil }
        var failed = false
        for (text, spot, key) in [(name, nameNode, "name"), (value, valueNode, "value")] where text.trimmingCharacters(in: .whitespaces).isEmpty {
            reader.error("unpivot \(key) names the column the source columns' \(key == "name" ? "labels" : "cells") go into; it cannot be empty", at: spot)
            failed = true
        }
        if !failed, name == value {
            reader.error("unpivot name and value must name two different columns, not '\(name)' twice", at: valueNode)
            failed = true
        }
        for (text, spot) in [(name, nameNode), (value, valueNode)] where columns.contains(where: { $0.column == text }) {
            reader.error("unpivot's new column '\(text)' is also one of the columns it turns into rows; give it another name", at: spot)
            failed = true
        }
        var unpivot = Unpivot(columns: columns, matching: matching, name: name, value: value)
        if let skipNode = entries["skip_missing"], let skip = reader.bool(skipNode, "unpivot skip_missing") {
            unpivot.skipMissing = skip
        }
        return failed ? nil : unpivot
    }

    /// A list of columns, each labelled as it is; or a mapping of each column to its label.
    private static func columns(_ node: Node, _ reader: YAMLReader) -> [(column: String, label: String)]? {
        var columns: [(column: String, label: String)] = []
        if node.isMapping {
            guard let entries = reader.mapping(node, "unpivot columns", allowed: []) else { return nil }
            for column in entries.order {
                guard let label = reader.string(entries[column]!, "the label of unpivot column '\(column)'") else { return nil }
                columns.append((column, label))
            }
        } else {
            guard let items = reader.stringItems(node, "unpivot columns") else { return nil }
            columns = items.map { ($0.text, $0.text) }
        }
        if columns.isEmpty {
            reader.error("unpivot columns lists the source columns to turn into rows (a list, or a mapping of each column to its label); it is empty", at: node)
            return nil
        }
        var seen = Set<String>()
        for column in columns where !seen.insert(column.column).inserted {
            reader.error("unpivot columns lists '\(column.column)' twice", at: node)
            return nil
        }
        return columns
    }

    /// k-anonymity counts rows, and a record gives one per turned column with the same other cells:
    /// without the label among the quasi-identifiers, one person's record alone would make a group
    /// of k rows. With it, a group's rows come from as many records.
    static func checkPrivacy(_ unpivot: Unpivot, fields: [FieldSpec], privacy: PrivacySpec?, at node: Node?, _ reader: YAMLReader) {
        guard let privacy, unpivot.matching != nil || unpivot.columns.count > 1 else { return }
        let labelFields = fields.filter { $0.from == unpivot.name }.map(\.name)
        guard !privacy.quasiIdentifiers.contains(where: labelFields.contains) else { return }
        let label = labelFields.first ?? unpivot.name
        let rows = unpivot.matching == nil ? "\(unpivot.columns.count) rows" : "a row per column it turns"
        reader.error("k-anonymity counts rows, and unpivot gives \(rows) from each record, alike but for '\(label)': one record alone would make a group of as many rows; add \(label) to quasi_identifiers, so that each group counts as many records as rows", at: node)
    }

    /// What the recipe's fields must not do with an unpivoted source: read a column that is now
    /// rows, or read a column by its position, which unpivot moves.
    static func check(_ unpivot: Unpivot, fields: [FieldSpec], primaryKey: [String], keyNode: Node?, source: SourceSpec, at node: Node?, _ reader: YAMLReader) {
        if unpivot.matching != nil, source.namedFormat == .json || source.namedFormat == .ndjson {
            reader.error("unpivot columns_matching chooses columns by their header labels; a JSON source's records are read by the keys the recipe names: list them in columns", at: node)
        }
        if !source.header {
            reader.error("unpivot names the source columns by their header labels, but the source has header: false; remove header: false (set skip_lines to the line before the labels)", at: node)
        }
        for field in fields {
            if field.column != nil {
                reader.error("field '\(field.name)' reads column \(field.column!) by position, which unpivot changes; read it by its label, with from:", at: field.spot)
            } else if unpivot.reads(field), let label = unpivot.turned(field.from) {
                reader.error("field '\(field.name)' reads column '\(field.from)', which unpivot turns into rows: its cells are in the column '\(unpivot.value)', labelled '\(label)' in '\(unpivot.name)'; read from: \(unpivot.value) instead", at: field.spot)
            }
        }
        // A record gives a row per listed column, each with the record's other cells: a value of
        // those is on several rows, unique never, and a key holds the label to tell them apart.
        let repeated = unpivot.matching != nil || unpivot.columns.count > 1
        let labelFields = fields.filter { $0.from == unpivot.name }.map(\.name)
        for field in fields where repeated && field.unique && unpivot.reads(field) {
            reader.error("field '\(field.name)' is unique, but unpivot repeats its value on \(unpivot.eachRow); remove unique: true, and write primary_key: [\(field.name), \(labelFields.first ?? unpivot.name)]", at: field.spot)
        }
        if repeated, !primaryKey.isEmpty, !primaryKey.contains(where: labelFields.contains) {
            reader.error("primary_key [\(primaryKey.joined(separator: ", "))] repeats on \(unpivot.eachRow) with unpivot; add the field of its labels: primary_key: [\((primaryKey + [labelFields.first ?? unpivot.name]).joined(separator: ", "))]", at: keyNode)
        }
        if !fields.contains(where: { $0.from == unpivot.value }) {
            reader.error("no field reads unpivot's value column '\(unpivot.value)', so the cells it turns into rows would not be published; add a field with from: \(unpivot.value)", at: node)
        }
        if !fields.contains(where: { $0.from == unpivot.name }) {
            reader.warning("no field reads unpivot's name column '\(unpivot.name)', so rows would not say which column each value came from; add a field with from: \(unpivot.name)", at: node)
        }
    }
}
