import Foundation
import Yams

/// Reads one YAML file into typed values and collects every problem with its line and column,
/// so that `kiosque check` can report all of them at once instead of stopping at the first.
final class YAMLReader {
    /// Recipes are small; anything bigger is a mistake or an attack.
    static let maximumFileSize = 1 << 20
    /// Node visits allowed while reading one file: an alias bomb expands past this.
    private static let nodeBudget = 200_000

    let file: String
    private let text: String
    /// The file's lines, for the line shown under a diagnostic: split only when one is reported, and
    /// at each line feed byte (a split by `Character` took a recipe's whole time to read, and never
    /// split a file with CRLF line ends, whose "\r\n" is one `Character`).
    private lazy var lines: [Substring] = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Substring($0) }
    private var found: [Diagnostic] = []
    private var visits = 0

    /// What was found, in the file's order (line, then column), whatever order the checks ran in.
    var diagnostics: [Diagnostic] {
        found.enumerated().sorted { a, b in
            let left = (a.element.location?.line ?? 0, a.element.location?.column ?? 0, a.offset)
            let right = (b.element.location?.line ?? 0, b.element.location?.column ?? 0, b.offset)
            return left < right
        }.map(\.element)
    }

    init(file: String, text: String) {
        self.file = file
        self.text = text
    }

    var hasErrors: Bool { found.contains { $0.severity == .error } }

    /// Parses the document, or records why it cannot be parsed.
    func root() -> Node? {
        do {
            // Every value is read as text and converted by the loaders (`int`, `bool`, `string`), so
            // scalars need no type tags; Yams' default resolver tags each key with regular
            // expressions (for its duplicate-key check), which was most of reading a recipe.
            guard let node = try Yams.compose(yaml: text, .basic) else {
                error("the file is empty", line: 1, column: 1)
                return nil
            }
            return node
        } catch let yamlError as YamlError {
            record(yamlError)
        } catch {
            self.error("cannot read YAML: \(error)", line: 1, column: 1)
        }
        return nil
    }

    private func record(_ yamlError: YamlError) {
        switch yamlError {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let prefix = context.map { "\($0.text): " } ?? ""
            // A tab where indentation is read: say so plainly, it is invisible in most editors.
            let line = mark.line >= 1 && mark.line <= lines.count ? lines[mark.line - 1] : ""
            if line.prefix(while: { $0 == " " || $0 == "\t" }).contains("\t") {
                error("invalid YAML: this line is indented with a tab; YAML indents with spaces only, so replace the tab with spaces",
                      line: mark.line, column: mark.column)
                return
            }
            let advice = "check the indentation, quotes and brackets here or just before (a text holding : # [ ] { } or a comma needs quotes)"
            // A quote or bracket left open is found where the file ends, lines below the one to
            // fix: point at where it opened, which Yams keeps as the context's place, or else at
            // the end of the last line that holds something.
            let lastFilled = lines.lastIndex { !$0.allSatisfy(\.isWhitespace) }.map { $0 + 1 } ?? 1
            if mark.line > lastFilled {
                let close = "close its quote or bracket, or quote a text holding : # [ ] { } or a comma"
                if let context, context.mark.line <= lastFilled {
                    error("invalid YAML: the \(Self.opened(context.text)) that starts here is never closed (\(problem) at the end of the file); \(close)",
                          line: context.mark.line, column: context.mark.column)
                } else {
                    error("invalid YAML: the file ends with a quote or bracket still open (\(prefix)\(problem)); \(close)",
                          line: lastFilled, column: lines.isEmpty ? 1 : lines[lastFilled - 1].count + 1)
                }
                return
            }
            if let context, context.mark.line < mark.line {
                error("invalid YAML: \(prefix)\(problem) (in the \(Self.opened(context.text)) that starts at line \(context.mark.line), column \(context.mark.column)); \(advice)",
                      line: mark.line, column: mark.column)
                return
            }
            error("invalid YAML: \(prefix)\(problem); \(advice)", line: mark.line, column: mark.column)
        case let .duplicatedKeysInMapping(duplicates, context):
            // The context's text is the whole file here, not a phrase: it is left out.
            error("duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in the same mapping; keep one of them",
                  line: context.mark.line, column: context.mark.column)
        case let .reader(problem, offset, _, _):
            error("invalid YAML: \(problem)\(offset.map { " at byte \($0)" } ?? "")", line: 1, column: 1)
        default:
            error("invalid YAML: \(yamlError)", line: 1, column: 1)
        }
    }

    /// What Yams' context names (`while scanning a quoted scalar`), in a steward's words.
    private static func opened(_ context: String) -> String {
        if context.hasSuffix("quoted scalar") { return "quoted text" }
        if context.hasSuffix("flow sequence") { return "[ list" }
        if context.hasSuffix("flow mapping") { return "{ mapping" }
        return context.replacingOccurrences(of: "while scanning a ", with: "").replacingOccurrences(of: "while parsing a ", with: "")
    }

    // MARK: Diagnostics

    func location(of node: Node?) -> SourceLocation {
        guard let mark = node?.mark else { return SourceLocation(file: file, line: 1, column: 1) }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    /// A node's place and line, to keep on a loaded value.
    func spot(of node: Node?) -> SourceSpot {
        let location = location(of: node)
        let shown = shownLine(location)
        return SourceSpot(location: location, line: shown?.text, caretColumn: shown?.caret)
    }

    /// Each line's text with its secrets masked, worked out once however many messages point into it.
    private var masked: [Int: [Unicode.Scalar]] = [:]

    /// The line shown under a message at `location`: secrets masked (a password or token written in
    /// the recipe is no less secret in a log), a long line cut around the column. Every line a
    /// diagnostic shows comes from here.
    private func shownLine(_ location: SourceLocation) -> (text: String, caret: Int)? {
        let index = location.line - 1
        guard lines.indices.contains(index) else { return nil }
        if masked[index] == nil {
            masked[index] = Array(Redaction.line(String(lines[index]).trimmingSuffix("\r")).unicodeScalars)
        }
        return Diagnostic.window(masked[index]!, column: location.column)
    }

    func error(_ message: String, at node: Node?) {
        add(.error, message, at: location(of: node))
    }

    func warning(_ message: String, at node: Node?) {
        add(.warning, message, at: location(of: node))
    }

    /// An error at a place kept from loading (a field's name), once the node is gone.
    func error(_ message: String, at spot: SourceSpot?) {
        add(.error, message, at: spot?.location ?? location(of: nil))
    }

    private func error(_ message: String, line: Int, column: Int) {
        add(.error, message, at: SourceLocation(file: file, line: line, column: column))
    }

    /// The most problems listed for one file: past them, a file is not what its checks expect
    /// (a wrong file, a hostile one), and a hundred thousand lines of errors help nobody.
    static let diagnosticLimit = 100

    private func add(_ severity: Diagnostic.Severity, _ message: String, at location: SourceLocation) {
        guard found.count < Self.diagnosticLimit else {
            if found.count == Self.diagnosticLimit {
                found.append(Diagnostic(.error, "more problems in this file are not listed, the first of them here; fix those listed, then check again", at: location))
            }
            return
        }
        let shown = shownLine(location)
        found.append(Diagnostic(severity, message, at: location, sourceLine: shown?.text, caretColumn: shown?.caret))
    }

    // MARK: Typed access

    /// Charges one node visit; false once the budget is spent (an alias bomb), after one error.
    private func visit(_ node: Node) -> Bool {
        visits += 1
        if visits == Self.nodeBudget {
            error("the document expands to too many values (YAML aliases?); recipes must stay small", at: node)
        }
        return visits < Self.nodeBudget
    }

    /// The entries of a mapping, keyed by their string key, after reporting unknown keys.
    func mapping(_ node: Node, _ what: String, allowed: [String]) -> Entries? {
        guard visit(node) else { return nil }
        guard case let .mapping(mapping) = node else {
            error("\(what) must be a mapping of keys to values", at: node)
            return nil
        }
        var entries = Entries()
        for (keyNode, value) in mapping {
            guard visit(keyNode), let key = keyNode.scalar?.string else {
                error("keys in \(what) must be plain words", at: keyNode)
                continue
            }
            if !allowed.isEmpty, !allowed.contains(key) {
                // Past the limit the message is not listed: its suggestion is not worked out either.
                error("unknown key '\(key)' in \(what)\(found.count < Self.diagnosticLimit ? KeyHints.hint(for: key, in: allowed) : "")", at: keyNode)
                continue
            }
            entries.values[key] = (keyNode, value)
            entries.order.append(key)
        }
        return entries
    }

    func scalar(_ node: Node, _ what: String) -> String? {
        guard visit(node) else { return nil }
        guard case let .scalar(scalar) = node else {
            error("\(what) must be a single value, not a \(node.isMapping ? "mapping" : "list")", at: node)
            return nil
        }
        return scalar.string
    }

    func string(_ node: Node, _ what: String) -> String? {
        guard let text = scalar(node, what) else { return nil }
        if node.scalar?.style == .plain, node.null != nil {
            error("\(what) is empty; give it a value or remove the key", at: node)
            return nil
        }
        return text
    }

    func int(_ node: Node, _ what: String, range: ClosedRange<Int>? = nil) -> Int? {
        guard let text = scalar(node, what) else { return nil }
        guard let value = Int(text.replacingOccurrences(of: "_", with: "")) else {
            error("\(what) must be a whole number, not '\(text)'", at: node)
            return nil
        }
        if let range, !range.contains(value) {
            error("\(what) must be between \(range.lowerBound) and \(range.upperBound), not \(value)", at: node)
            return nil
        }
        return value
    }

    func bool(_ node: Node, _ what: String) -> Bool? {
        guard let text = scalar(node, what) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            error("\(what) must be true or false, not '\(text)'", at: node)
            return nil
        }
    }

    /// A list of strings; a single value is read as a list of one.
    func stringList(_ node: Node, _ what: String) -> [String]? {
        stringItems(node, what)?.map(\.text)
    }

    /// A list of strings with each item's node, so that errors can point at the item.
    func stringItems(_ node: Node, _ what: String) -> [(text: String, node: Node)]? {
        guard visit(node) else { return nil }
        switch node {
        case .scalar:
            return scalar(node, what).map { [($0, node)] }
        case let .sequence(sequence):
            var items: [(text: String, node: Node)] = []
            for item in sequence {
                guard let text = scalar(item, "each item of \(what)") else { return nil }
                items.append((text, item))
            }
            return items
        default:
            error("\(what) must be a list of values", at: node)
            return nil
        }
    }

    func sequence(_ node: Node, _ what: String) -> [Node]? {
        guard visit(node) else { return nil }
        guard case let .sequence(sequence) = node else {
            error("\(what) must be a list", at: node)
            return nil
        }
        return Array(sequence)
    }

    /// A mapping's values by language code, each read by `value` (its node, and what to call it in
    /// errors); a key that is no language code is an error, `hint(key)` said after it.
    private func byLanguage<Value>(_ entries: Entries, _ what: String, hint: (String) -> String,
                                   value: (Node, String) -> Value?) -> [String: Value] {
        var values: [String: Value] = [:]
        for key in entries.order {
            let (keyNode, node) = entries.values[key]!
            if let problem = LanguageTag.problem(key) {
                error("'\(key)' in \(what) \(problem)\(hint(key))", at: keyNode)
                continue
            }
            if let read = value(node, "\(what) in '\(key)'") { values[key] = read }
        }
        return values
    }

    /// A list of words, or a mapping of language codes to lists (`keywords: {fr: [...], en: [...]}`).
    func localizedList(_ node: Node, _ what: String, defaultLanguage: String) -> LocalizedList? {
        guard case .mapping = node else {
            return stringList(node, what).map { LocalizedList([defaultLanguage: $0]) }
        }
        guard let entries = mapping(node, what, allowed: []) else { return nil }
        let lists = byLanguage(entries, what, hint: { _ in "; \(what) are a list, or lists by language as in {fr: [état civil], en: [civil registration]}" }) {
            stringList($0, $1)
        }
        return LocalizedList(lists)
    }

    /// Text in several languages: `{fr: …, en: …}`, or a plain string in `defaultLanguage`.
    func localized(_ node: Node, _ what: String, defaultLanguage: String) -> LocalizedText? {
        guard visit(node) else { return nil }
        switch node {
        case .scalar:
            guard let text = string(node, what) else { return nil }
            return LocalizedText([defaultLanguage: text])
        case .mapping:
            guard let entries = mapping(node, what, allowed: []) else { return nil }
            // Words where a code should be: most often the end of a text cut at its comma by
            // YAML's `{fr: Chaque demande, son statut}`, which reads `son statut` as a key.
            let texts = byLanguage(entries, what, hint: { key in
                key.contains(" ") ? "; a comma inside { } ends the text before it: put the whole text in quotes, as in {fr: \"Chaque demande, son statut\"}" : ""
            }) { string($0, $1) }
            return texts.isEmpty ? nil : LocalizedText(texts)
        default:
            error("\(what) must be a text or a mapping of language codes to texts", at: node)
            return nil
        }
    }
}

/// The entries of one YAML mapping, in file order, with their key nodes for positions.
struct Entries {
    var values: [String: (key: Node, value: Node)] = [:]
    var order: [String] = []

    subscript(key: String) -> Node? { values[key]?.value }
    func keyNode(_ key: String) -> Node? { values[key]?.key }
}

extension Node {
    var isMapping: Bool {
        if case .mapping = self { return true }
        return false
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
