import Yams
import Foundation

/// Reads a recipe's `fields:` list.
enum FieldLoader {
    static let keys = ["name", "from", "column", "type", "format", "bare_number", "description", "required", "unique", "enum", "pattern",
                       "minimum", "maximum", "min_length", "max_length", "anonymise", "personal"]

    static func loadAll(_ node: Node, language: String, _ reader: YAMLReader) -> [FieldSpec] {
        guard let items = reader.sequence(node, "fields") else { return [] }
        if items.isEmpty { reader.error("fields must list at least one field", at: node) }
        var fields: [FieldSpec] = []
        var names: [String: Node] = [:]
        for item in items {
            guard let field = load(item, language: language, reader) else { continue }
            if names[field.name] != nil {
                reader.error("field '\(field.name)' is defined twice", at: item)
                continue
            }
            names[field.name] = item
            fields.append(field)
        }
        if !fields.isEmpty, fields.allSatisfy(\.isDropped) {
            reader.error("every field is dropped; nothing would be published", at: node)
        }
        for (field, protected) in exposures(fields) {
            reader.error("field '\(field.name)' reads \(field.place), which holds what field '\(protected.name)' \(protected.anonymise.map(verb) ?? "hides"): published as it is, those values would appear all the same; give '\(field.name)' an anonymise operator, or read another column", at: names[field.name])
        }
        return fields
    }

    /// Fields without an operator that read what another field drops, pseudonymises, masks or
    /// redacts: the same column or key, or (in JSON) an object that holds it. The privacy rules
    /// say such a value appears nowhere. Reading inside a dropped object is allowed: a recipe may
    /// drop `demandeur` and publish `/demandeur/commune`.
    static func exposures(_ fields: [FieldSpec]) -> [(FieldSpec, FieldSpec)] {
        let protected = fields.filter(\.hidesSourceValues)
        guard !protected.isEmpty else { return [] }
        var found: [(FieldSpec, FieldSpec)] = []
        for field in fields where field.anonymise == nil {
            // By position, only another field's position is known before the source is read;
            // the shaper compares positions with labels once it has the header.
            if let column = field.column {
                if let hidden = protected.first(where: { $0.column == column }) { found.append((field, hidden)) }
                continue
            }
            let place = KeyTree.segments(field.from)
            if let hidden = protected.first(where: { $0.column == nil && KeyTree.segments($0.from).starts(with: place) }) {
                found.append((field, hidden))
            }
        }
        return found
    }

    /// `column: 3`, or the letters a spreadsheet shows over it, `column: C` (`AA` is 27).
    private static func columnPosition(_ node: Node, _ reader: YAMLReader) -> Int? {
        guard let text = reader.scalar(node, "column") else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var position: Int?
        if let number = Int(trimmed) {
            position = number
        } else if (1...3).contains(trimmed.count), trimmed.unicodeScalars.allSatisfy({ $0.isASCII && $0.properties.isAlphabetic }) {
            position = trimmed.uppercased().unicodeScalars.reduce(0) { $0 * 26 + Int($1.value) - 64 }
        }
        guard let position, (1...DecodeLimits.columns).contains(position) else {
            reader.error("column must be a position from 1 to \(DecodeLimits.columns) (1 for the first), or the letters a spreadsheet shows over it (A, B, … AA), not '\(text)'", at: node)
            return nil
        }
        return position
    }

    static func verb(_ operation: AnonymiseOperator) -> String {
        switch operation {
        case .drop: "drops"
        case .pseudonymise: "pseudonymises"
        case .mask: "masks"
        case .redact: "redacts"
        default: "generalises"
        }
    }

    private static func load(_ node: Node, language: String, _ reader: YAMLReader) -> FieldSpec? {
        // A bare column label (`- Code`) where a field goes: show the field that reads it.
        if let label = node.scalar?.string, !label.isEmpty, !label.contains("\n") {
            let name = DraftBuilder.fieldName(label) ?? "champ"
            let example = name == label ? "- {name: \(name)}" : "- {name: \(name), from: \(DraftBuilder.quoted(label))}"
            reader.error("a field must be a mapping of keys to values, not a plain value; write \(example)", at: node)
            return nil
        }
        guard let entries = reader.mapping(node, "a field", allowed: keys) else { return nil }
        guard let nameNode = entries["name"] else {
            reader.error("each field needs a name", at: node)
            return nil
        }
        guard let name = reader.string(nameNode, "field name") else { return nil }
        guard isFieldName(name) else {
            reader.error("field name '\(name)' must be non-empty, without surrounding spaces or control characters", at: nameNode)
            return nil
        }
        var field = FieldSpec(name: name, from: name)
        field.spot = reader.spot(of: nameNode)
        if let node = entries["from"], let text = reader.string(node, "from") { field.from = text }
        if let node = entries["column"], let value = columnPosition(node, reader) {
            if entries["from"] != nil {
                reader.error("field '\(name)' has both from: and column:; give one: from: names the column by its header, column: by its position (1 is the first)", at: node)
            } else {
                field.column = value
            }
        }
        // Checks that depend on the type are skipped when the type itself is wrong, to report one error, not a cascade.
        var typeKnown = true
        if let node = entries["type"], let text = reader.string(node, "type") {
            if let type = FieldType(rawValue: text) {
                field.type = type
            } else {
                typeKnown = false
                let names = FieldType.allCases.map(\.rawValue)
                let hint = FieldType.synonym(text).map { " (did you mean '\($0.rawValue)'?)" } ?? Suggestion.hint(for: text, in: names)
                reader.error("unknown type '\(text)'\(hint); use one of \(names.joined(separator: ", "))", at: node)
            }
        }
        if let node = entries["format"], let text = reader.string(node, "format"), typeKnown {
            if field.type == .date || field.type == .datetime || field.type == .yearmonth {
                do {
                    let format = try DateFormat(text)
                    field.format = text
                    if field.type == .yearmonth, !format.readsMonth {
                        reader.error("format '\(text)' reads no month (%m, %B or %b); a yearmonth field publishes a year and a month", at: node)
                    } else if field.type == .date, !format.readsDay {
                        reader.warning("format '\(text)' reads no day, so every date is published as the first of its \(format.readsMonth ? "month" : "year"); for monthly figures, type: yearmonth publishes 2024-03\(format.readsMonth ? "" : ", and type: year publishes 2024")", at: node)
                    }
                } catch {
                    reader.error("\(error.message)", at: node)
                }
            } else {
                reader.error("format applies to date, datetime and yearmonth fields; '\(name)' is \(field.type.rawValue)", at: node)
            }
        }
        if let node = entries["bare_number"], let value = reader.bool(node, "bare_number"), typeKnown {
            if field.type == .integer || field.type == .number {
                field.bareNumber = value
            } else {
                reader.error("bare_number applies to integer and number fields; '\(name)' is \(field.type.rawValue)", at: node)
            }
        }
        field.description = entries["description"].flatMap { reader.localized($0, "description", defaultLanguage: language) }
        if let node = entries["required"], let value = reader.bool(node, "required") { field.required = value }
        if let node = entries["unique"], let value = reader.bool(node, "unique") { field.unique = value }
        if let node = entries["personal"], let value = reader.bool(node, "personal") { field.personalFlag = value }
        if let node = entries["enum"], let (items, labels) = enumeration(node, reader, language: language) {
            if items.isEmpty { reader.error("enum must list at least one value", at: node) }
            for (value, item) in items where typeKnown && ValueLiteral.parse(value, as: field.type) == nil {
                reader.error("enum value '\(value)' is not a valid \(field.type.rawValue)", at: item)
            }
            field.enumValues = items.map(\.text)
            field.enumLabels = labels
        }
        if let node = entries["pattern"], let text = reader.string(node, "pattern") {
            do {
                _ = try Pattern(text)
                field.pattern = text
            } catch {
                reader.error("pattern does not compile: \(error.reason)", at: node)
            }
        }
        for key in ["minimum", "maximum"] where typeKnown {
            guard let node = entries[key], let text = reader.scalar(node, key) else { continue }
            guard [.integer, .number, .date, .datetime, .year, .yearmonth].contains(field.type) else {
                reader.error("\(key) applies to numbers, dates, months and years; '\(name)' is \(field.type.rawValue)", at: node)
                continue
            }
            guard ValueLiteral.parse(text, as: field.type) != nil else {
                let example = field.type == .date ? " (dates are written 2024-01-31)" : field.type == .yearmonth ? " (months are written 2024-01)" : ""
                reader.error("\(key) '\(text)' is not a valid \(field.type.rawValue)\(example)", at: node)
                continue
            }
            if key == "minimum" { field.minimum = text } else { field.maximum = text }
        }
        if let lower = field.minimum.flatMap({ ValueLiteral.parse($0, as: field.type) }),
           let upper = field.maximum.flatMap({ ValueLiteral.parse($0, as: field.type) }), lower > upper {
            reader.error("minimum is greater than maximum", at: entries["maximum"])
        }
        if let node = entries["min_length"] { field.minLength = reader.int(node, "min_length", range: 0...1_000_000) }
        if let node = entries["max_length"] { field.maxLength = reader.int(node, "max_length", range: 1...1_000_000) }
        if let node = entries["anonymise"], typeKnown {
            field.anonymise = AnonymiseLoader.load(node, field: field, reader)
            field.anonymiseSpot = reader.spot(of: entries.keyNode("anonymise"))
        }
        if field.enumLabels != nil, field.anonymise != nil, let node = entries["enum"] {
            reader.warning("the labels of enum are not published for field '\(name)', which is anonymised: its published values are not the listed ones; write enum as a list, enum: [\(field.enumValues?.joined(separator: ", ") ?? "")]", at: node)
        }
        if field.personal, entries["anonymise"] == nil {
            reader.error("field '\(name)' is marked personal: true but has no anonymise operator; add one (drop, pseudonymise, mask, generalise, round, redact)", at: entries.keyNode("personal"))
        }
        return field
    }

    /// `enum: [F, M]`, or values with their labels, in a language or by language:
    /// `enum: {F: Féminin, M: Masculin}`, `enum: {F: {fr: Féminin, en: Female}, …}`.
    private static func enumeration(_ node: Node, _ reader: YAMLReader, language: String)
        -> (items: [(text: String, node: Node)], labels: [LocalizedText]?)? {
        guard node.isMapping else { return reader.stringItems(node, "enum").map { ($0, nil) } }
        guard let entries = reader.mapping(node, "enum", allowed: []) else { return nil }
        let unlabelled = entries.order.filter { key in entries[key].map { $0.scalar?.style == .plain && $0.null != nil } ?? false }
        if !unlabelled.isEmpty {
            let values = entries.order.joined(separator: ", ")
            reader.error("enum gives no label to '\(unlabelled[0])': write its values as a list, enum: [\(values)], or each with its label, as in enum: {F: Féminin, M: Masculin}", at: node)
            return nil
        }
        var items: [(text: String, node: Node)] = []
        var labels: [LocalizedText] = []
        for key in entries.order {
            let (keyNode, value) = entries.values[key]!
            guard let label = reader.localized(value, "the label of '\(key)' in enum", defaultLanguage: language) else { return nil }
            items.append((key, keyNode))
            labels.append(label)
        }
        return (items, labels)
    }

    static func isFieldName(_ name: String) -> Bool {
        !name.isEmpty && name.trimmingCharacters(in: .whitespaces) == name
            && !name.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }
}
