import Foundation
/// A place in a recipe or catalogue file, 1-based like compilers print it.
public struct SourceLocation: Sendable, Hashable {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }
}

/// A problem found in a recipe or in `catalog.yml`, printed as `file:line:column: error: …`
/// followed by the offending line and a caret, the way compilers do.
public struct Diagnostic: Error, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable {
        case error
        case warning
    }

    public var severity: Severity
    public var message: String
    public var location: SourceLocation?
    /// The source line the location points into, shown under the message: its secrets masked and,
    /// for a long line, the part around the column, as `YAMLReader` shows lines (`Redaction.line`,
    /// `Diagnostic.window`).
    public var sourceLine: String?
    /// Where the caret goes under `sourceLine` (1-based), when the line is shown cut.
    public var caretColumn: Int?

    public init(_ severity: Severity, _ message: String, at location: SourceLocation?, sourceLine: String? = nil, caretColumn: Int? = nil) {
        self.severity = severity
        self.message = message
        self.location = location
        self.sourceLine = sourceLine
        self.caretColumn = caretColumn
    }

    /// The lines longer than this are shown cut around the column.
    static let shownScalars = 200

    /// `line` as shown under a message at `column`: whole, or for a long line (a recipe written on
    /// one line, a hostile file) the 160 characters around the column between `…`, with the
    /// caret's column in what is shown. Output and memory then stay small whatever the line.
    static func window(_ line: [Unicode.Scalar], column: Int) -> (text: String, caret: Int) {
        guard line.count > shownScalars else { return (String(String.UnicodeScalarView(line)), column) }
        let width = 160
        let start = max(0, min(column - 1 - width / 2, line.count - width))
        let end = min(line.count, start + width)
        let text = (start > 0 ? "…" : "") + String(String.UnicodeScalarView(line[start..<end])) + (end < line.count ? "…" : "")
        return (text, column - start + (start > 0 ? 1 : 0))
    }

    public var description: String {
        var text = ""
        if let location {
            text = "\(location.file):\(location.line):\(location.column): "
        }
        text += "\(severity.rawValue): \(message)"
        if let sourceLine, let location {
            let caretPad = String(sourceLine.unicodeScalars.prefix(max(0, (caretColumn ?? location.column) - 1)).map { $0 == "\t" ? "\t" : " " })
            text += "\n\(sourceLine)\n\(caretPad)^"
        }
        return text
    }
}

/// Every diagnostic found in one or more files; thrown when at least one is an error.
public struct DiagnosticList: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// A place in a file with the text of its line, kept on loaded values for later diagnostics.
public struct SourceSpot: Sendable, Hashable {
    public var location: SourceLocation
    public var line: String?
    /// Where the caret goes under `line`, when it is shown cut.
    public var caretColumn: Int?
}

extension Diagnostic {
    init(_ severity: Severity, _ message: String, at spot: SourceSpot?) {
        self.init(severity, message, at: spot?.location, sourceLine: spot?.line, caretColumn: spot?.caretColumn)
    }
}
