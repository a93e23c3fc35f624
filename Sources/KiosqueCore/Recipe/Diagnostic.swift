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
    /// The source line the location points into, shown under the message.
    public var sourceLine: String?

    public init(_ severity: Severity, _ message: String, at location: SourceLocation?, sourceLine: String? = nil) {
        self.severity = severity
        self.message = message
        self.location = location
        // A password or token written in the recipe is no less secret in a log.
        self.sourceLine = sourceLine.map(Redaction.line)
    }

    public var description: String {
        var text = ""
        if let location {
            text = "\(location.file):\(location.line):\(location.column): "
        }
        text += "\(severity.rawValue): \(message)"
        if let sourceLine, let location {
            let caretPad = String(sourceLine.unicodeScalars.prefix(max(0, location.column - 1)).map { $0 == "\t" ? "\t" : " " })
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
}

extension Diagnostic {
    init(_ severity: Severity, _ message: String, at spot: SourceSpot?) {
        self.init(severity, message, at: spot?.location, sourceLine: spot?.line)
    }
}
