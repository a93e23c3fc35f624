import Foundation
import Yams
/// Reads a field's `anonymise:` operator and checks that it fits the field's type.
enum AnonymiseLoader {
    static let operators = ["drop", "pseudonymise", "mask", "generalise", "round", "redact"]
    static let redactKinds = ["email", "phone", "iban"]

    static func load(_ node: Node, field: FieldSpec, _ reader: YAMLReader) -> AnonymiseOperator? {
        if case .scalar = node {
            guard let text = reader.string(node, "anonymise") else { return nil }
            if text == "drop" { return .drop }
            let hint = FrenchKeys.hint(for: text, in: operators) ?? Suggestion.hint(for: text, in: operators)
            reader.error("anonymise '\(text)' needs settings or is unknown\(hint); write drop, or a mapping such as {pseudonymise: {key: \"${env:KIOSQUE_PSEUDONYM_KEY}\"}}", at: node)
            return nil
        }
        guard let entries = reader.mapping(node, "anonymise", allowed: operators) else { return nil }
        guard entries.order.count == 1, let name = entries.order.first, let value = entries[name] else {
            // Keys that are no operator were reported one by one; saying "one operator" too is noise.
            if entries.order.isEmpty, node.mapping?.count ?? 0 > 0 { return nil }
            reader.error("anonymise takes exactly one operator", at: node)
            return nil
        }
        let numeric: Set<FieldType> = [.integer, .number]
        switch name {
        case "drop":
            return .drop
        case "pseudonymise":
            return pseudonymise(value, reader)
        case "mask":
            guard let map = reader.mapping(value, "mask", allowed: ["keep_first", "keep_last", "char"]) else { return nil }
            let first = map["keep_first"].flatMap { reader.int($0, "keep_first", range: 0...64) } ?? 0
            let last = map["keep_last"].flatMap { reader.int($0, "keep_last", range: 0...64) } ?? 0
            let char = map["char"].flatMap { reader.string($0, "mask char") } ?? "*"
            if char.count != 1 { reader.error("mask char must be one character", at: map["char"]) }
            if field.type != .string { reader.error("mask applies to string fields; '\(field.name)' is \(field.type.rawValue)", at: value) }
            return .mask(keepFirst: first, keepLast: last, character: char)
        case "generalise":
            if case .scalar = value {
                guard let text = reader.string(value, "generalise") else { return nil }
                guard let granularity = AnonymiseOperator.DateGranularity(rawValue: text) else {
                    reader.error("generalise takes year, month, {bands: […]} or {prefix: N}, not '\(text)'", at: value)
                    return nil
                }
                if field.type == .yearmonth, granularity == .month {
                    reader.error("generalise: month changes nothing of a yearmonth field ('\(field.name)'), which is a month already; use generalise: year", at: value)
                } else if field.type != .date && field.type != .datetime && field.type != .yearmonth {
                    reader.error("generalise: \(text) applies to date, datetime and yearmonth fields; '\(field.name)' is \(field.type.rawValue)", at: value)
                }
                return .generaliseDate(granularity)
            }
            guard let map = reader.mapping(value, "generalise", allowed: ["bands", "prefix"]), map.order.count == 1 else {
                reader.error("generalise takes one of year, month, {bands: […]} or {prefix: N}", at: value)
                return nil
            }
            if let bandsNode = map["bands"], let list = reader.stringList(bandsNode, "bands") {
                let bands = list.compactMap(Double.init)
                if bands.count != list.count || bands.count < 2 || bands != bands.sorted() || Set(bands).count != bands.count {
                    reader.error("bands must be at least two increasing numbers, such as [0, 18, 30, 60]", at: bandsNode)
                    return nil
                }
                if !numeric.contains(field.type) { reader.error("bands apply to integer and number fields; '\(field.name)' is \(field.type.rawValue)", at: bandsNode) }
                return .generaliseBands(bands)
            }
            if let prefixNode = map["prefix"], let count = reader.int(prefixNode, "prefix", range: 1...64) {
                if field.type != .string { reader.error("prefix applies to string fields; '\(field.name)' is \(field.type.rawValue)", at: prefixNode) }
                return .generalisePrefix(count)
            }
            return nil
        case "round":
            guard let text = reader.scalar(value, "round"), let step = Double(text), step > 0 else {
                reader.error("round takes a positive number, such as round: 10", at: value)
                return nil
            }
            if !numeric.contains(field.type) { reader.error("round applies to integer and number fields; '\(field.name)' is \(field.type.rawValue)", at: value) }
            return .round(step)
        case "redact":
            return redact(value, field: field, reader)
        default:
            return nil
        }
    }

    private static func pseudonymise(_ node: Node, _ reader: YAMLReader) -> AnonymiseOperator? {
        guard let map = reader.mapping(node, "pseudonymise", allowed: ["key", "length", "key_id"]) else { return nil }
        guard let keyNode = map["key"], let key = reader.string(keyNode, "pseudonymise key") else {
            reader.error("pseudonymise needs key: \"${env:KIOSQUE_PSEUDONYM_KEY}\" (a secret of at least 32 bytes, read from the environment)", at: node)
            return nil
        }
        guard let names = EnvReference.names(in: key), names.count == 1, key == "${env:\(names[0])}" else {
            reader.error("pseudonymise key must be a reference to an environment variable, such as \"${env:KIOSQUE_PSEUDONYM_KEY}\"; never write the key itself in a recipe", at: keyNode)
            return nil
        }
        let length = map["length"].flatMap { reader.int($0, "pseudonymise length", range: 16...64) } ?? 16
        var keyID: String?
        if let idNode = map["key_id"], let text = reader.string(idNode, "pseudonymise key_id") {
            guard PrivacyKeys.isIdentifier(text) else {
                reader.error("pseudonymise key_id must be the \(PrivacyKeys.identifierLength) hexadecimal characters kiosque gives as a key's identifier, such as key_id: 3f9a61c0d2b4; it names the key without being it (see docs/anonymisation.md)", at: idNode)
                return nil
            }
            keyID = text
        }
        return .pseudonymise(key: key, length: length, keyID: keyID)
    }

    private static func redact(_ node: Node, field: FieldSpec, _ reader: YAMLReader) -> AnonymiseOperator? {
        var kinds: [String] = []
        var patterns: [String] = []
        if case .mapping = node {
            guard let map = reader.mapping(node, "redact", allowed: ["types", "patterns"]) else { return nil }
            kinds = map["types"].flatMap { reader.stringList($0, "redact types") } ?? []
            patterns = map["patterns"].flatMap { reader.stringList($0, "redact patterns") } ?? []
        } else {
            kinds = reader.stringList(node, "redact") ?? []
        }
        for kind in kinds where !redactKinds.contains(kind) {
            reader.error("unknown redact type '\(kind)'\(Suggestion.hint(for: kind, in: redactKinds)); use \(redactKinds.joined(separator: ", ")) or patterns", at: node)
        }
        for pattern in patterns {
            do { _ = try Pattern(pattern) } catch { reader.error("redact pattern does not compile: \(error.reason)", at: node) }
        }
        if kinds.isEmpty, patterns.isEmpty { reader.error("redact needs at least one of email, phone, iban or a pattern", at: node) }
        if field.type != .string { reader.error("redact applies to string fields; '\(field.name)' is \(field.type.rawValue)", at: node) }
        return .redact(kinds: kinds, patterns: patterns)
    }
}
