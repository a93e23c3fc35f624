import Foundation

/// A recipe's regular expression, compiled once, matching whole values.
struct Pattern: @unchecked Sendable {
    struct CompileError: Error {
        var reason: String
    }

    let source: String
    private let expression: NSRegularExpression

    init(_ source: String) throws(CompileError) {
        self.source = source
        do {
            expression = try NSRegularExpression(pattern: "^(?:\(source))$", options: [])
        } catch {
            throw CompileError(reason: "'\(source)' is not a valid regular expression")
        }
    }

    /// Whether the whole of `text` matches.
    func matches(_ bytes: some Collection<UInt8>) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        let range = NSRange(text.startIndex..<text.endIndex, in: text)
        return expression.firstMatch(in: text, options: [.anchored], range: range) != nil
    }
}
