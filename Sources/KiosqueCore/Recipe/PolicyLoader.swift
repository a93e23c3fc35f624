import Foundation
import Yams
/// Reads a recipe's `privacy:`, `validation:` and `publish:` mappings.
enum PolicyLoader {
    static let kAnonymityKeys = ["k", "quasi_identifiers", "action"]
    static let validationKeys = ["invalid_rows", "max_invalid", "max_row_drop"]
    static let publishKeys = ["formats", "keep_versions"]

    static func privacy(_ node: Node, fields: [FieldSpec], _ reader: YAMLReader) -> PrivacySpec? {
        guard let entries = reader.mapping(node, "privacy", allowed: ["k_anonymity"]),
              let kNode = entries["k_anonymity"],
              let map = reader.mapping(kNode, "k_anonymity", allowed: kAnonymityKeys) else { return nil }
        // Every problem of the mapping is reported at once: a wrong k does not hide the others.
        let k = map["k"].flatMap { reader.int($0, "k", range: 2...10_000) }
        if map["k"] == nil { reader.error("k_anonymity needs k, the smallest group size, such as k: 5", at: kNode) }
        guard let qiNode = map["quasi_identifiers"], let items = reader.stringItems(qiNode, "quasi_identifiers"), !items.isEmpty else {
            reader.error("k_anonymity needs quasi_identifiers: the fields that could single a person out", at: kNode)
            return nil
        }
        let names = items.map(\.text)
        let known = Dictionary(fields.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for (name, item) in items {
            if let field = known[name] {
                if field.isDropped { reader.error("quasi-identifier '\(name)' is dropped, so it cannot identify anyone; remove it from the list", at: item) }
            } else {
                reader.error("quasi-identifier '\(name)' is not a field\(Suggestion.hint(for: name, in: fields.map(\.name)))", at: item)
            }
        }
        if let actionNode = map["action"], let action = reader.string(actionNode, "action"), action != "suppress" {
            reader.error("k_anonymity action must be suppress, not '\(action)': rows in groups smaller than k are left out and counted; "
                + "to keep more of them, coarsen the quasi-identifiers on their fields (anonymise: {generalise: year}, bands or prefix)", at: actionNode)
        }
        guard let k else { return nil }
        return PrivacySpec(k: k, quasiIdentifiers: names)
    }

    static func validation(_ node: Node, _ reader: YAMLReader) -> ValidationPolicy {
        var policy = ValidationPolicy()
        guard let entries = reader.mapping(node, "validation", allowed: validationKeys) else {
            return policy
        }
        if let node = entries["invalid_rows"], let text = reader.string(node, "invalid_rows") {
            if let value = InvalidRowPolicy(rawValue: text) { policy.invalidRows = value } else {
                reader.error("invalid_rows must be skip or fail, not '\(text)'", at: node)
            }
        }
        if let node = entries["max_invalid"], let text = reader.scalar(node, "max_invalid") {
            if let limit = Units.rowLimit(text) { policy.maxInvalid = limit } else {
                reader.error("max_invalid must be a count of rows (25) or a percentage (1%), not '\(text)'", at: node)
            }
        }
        if let node = entries["max_row_drop"], let text = reader.scalar(node, "max_row_drop") {
            if let value = Units.fraction(text) { policy.maxRowDrop = value } else {
                reader.error("max_row_drop must be a percentage between 0% and 100%, such as 50%, not '\(text)'", at: node)
            }
        }
        return policy
    }

    static func publish(_ node: Node, _ reader: YAMLReader) -> PublishSpec {
        var spec = PublishSpec()
        guard let entries = reader.mapping(node, "publish", allowed: publishKeys) else { return spec }
        if let node = entries["formats"], let list = reader.stringItems(node, "formats") {
            var formats: [PublishFormat] = []
            let names = PublishFormat.allCases.map(\.rawValue)
            for (name, item) in list {
                guard let format = PublishFormat(rawValue: name) else {
                    reader.error("unknown format '\(name)'\(Suggestion.hint(for: name, in: names)); use \(names.joined(separator: ", "))", at: item)
                    continue
                }
                if formats.contains(format) { reader.error("format '\(name)' is listed twice", at: item) }
                formats.append(format)
            }
            if list.isEmpty { reader.error("formats must list at least one format", at: node) }
            if !formats.isEmpty { spec.formats = formats }
        }
        if let node = entries["keep_versions"] { spec.keepVersions = reader.int(node, "keep_versions", range: 1...100_000) }
        return spec
    }
}
