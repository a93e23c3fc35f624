import Foundation

/// Writes RDF nodes as JSON-LD with an inline `@context`, so no network is needed to read it.
enum JSONLDWriter {
    static func document(_ nodes: [RDFNode]) throws -> Data {
        var context: [String: Any] = [:]
        for (prefix, namespace) in RDFVocabulary.prefixes { context[prefix] = namespace }
        let graph = nodes.map(object)
        let document: [String: Any] = ["@context": context, "@graph": graph]
        return try SortedJSON.data(document, pretty: true) + Data("\n".utf8)
    }

    static func object(_ node: RDFNode) -> [String: Any] {
        var object: [String: Any] = [:]
        if let iri = node.iri { object["@id"] = iri }
        if !node.types.isEmpty { object["@type"] = node.types.count == 1 ? node.types[0] as Any : node.types as Any }
        for (predicate, objects) in node.properties {
            object[predicate] = objects.map(value)
        }
        return object
    }

    private static func value(_ term: RDFTerm) -> Any {
        switch term {
        case .iri(let iri): ["@id": iri]
        case .plain(let text): ["@value": text]
        case .language(let text, let language): ["@value": text, "@language": language]
        case .typed(let text, let datatype): ["@value": text, "@type": datatype]
        case .node(let node): object(node)
        }
    }
}

/// Writes RDF nodes as Turtle: named nodes as their own blocks, blank nodes nested in `[ … ]`.
enum TurtleWriter {
    static func document(_ nodes: [RDFNode]) -> String {
        var out = RDFVocabulary.prefixes.map { "@prefix \($0.0): <\($0.1)> .\n" }.joined()
        var pending = nodes
        var written = Set<String>()
        while !pending.isEmpty {
            let node = pending.removeFirst()
            guard let iri = node.iri, !written.contains(iri) else { continue }
            written.insert(iri)
            out += "\n<\(escapeIRI(iri))>"
            out += body(node, indent: "    ", pending: &pending)
            out += " .\n"
        }
        return out
    }

    private static func body(_ node: RDFNode, indent: String, pending: inout [RDFNode]) -> String {
        var statements: [String] = []
        if !node.types.isEmpty { statements.append("a " + node.types.joined(separator: ", ")) }
        for (predicate, objects) in node.properties {
            let values = objects.map { term(for: $0, indent: indent, pending: &pending) }
            statements.append("\(predicate) \(values.joined(separator: ", "))")
        }
        return "\n" + statements.map { indent + $0 }.joined(separator: " ;\n")
    }

    private static func term(for term: RDFTerm, indent: String, pending: inout [RDFNode]) -> String {
        switch term {
        case .iri(let iri):
            return "<\(escapeIRI(iri))>"
        case .plain(let text):
            return literal(text)
        case .language(let text, let language):
            return literal(text) + "@" + language
        case .typed(let text, let datatype):
            return literal(text) + "^^" + datatype
        case .node(let node):
            if let iri = node.iri {
                if !node.types.isEmpty || !node.properties.isEmpty { pending.append(node) }
                return "<\(escapeIRI(iri))>"
            }
            return "[" + body(node, indent: indent + "    ", pending: &pending) + "\n" + indent + "]"
        }
    }

    static func literal(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Characters Turtle forbids in IRIs, percent-encoded.
    static func escapeIRI(_ iri: String) -> String {
        var out = ""
        for scalar in iri.unicodeScalars {
            if scalar.value <= 0x20 || "<>\"{}|^`\\".unicodeScalars.contains(scalar) {
                for byte in String(scalar).utf8 { out += String(format: "%%%02X", byte) }
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
