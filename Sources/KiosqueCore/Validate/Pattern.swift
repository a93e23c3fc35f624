import Foundation

/// A recipe's regular expression, compiled once, matching whole values. Patterns within
/// `ByteRegex`'s reach run on its byte automaton; the others on Foundation's (ICU) engine.
/// Not thread-safe: the automaton fills its tables as it goes; each run compiles its own.
final class Pattern {
    struct CompileError: Error {
        var reason: String
    }

    let source: String
    private let expression: NSRegularExpression
    private let automaton: ByteRegex?
    /// The same automaton, reached without retaining it on every match (`automaton` keeps it alive).
    private let fast: Unmanaged<ByteRegex>?

    init(_ source: String) throws(CompileError) {
        self.source = source
        do {
            expression = try NSRegularExpression(pattern: "^(?:\(source))$", options: [])
        } catch {
            throw CompileError(reason: "'\(source)' is not a valid regular expression")
        }
        automaton = try? ByteRegex(source)
        fast = automaton.map { Unmanaged.passUnretained($0) }
    }

    /// Whether the byte automaton serves this pattern.
    var isFast: Bool { automaton != nil }

    /// Whether the whole of `bytes` (valid UTF-8) matches.
    func matches(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if let fast { return fast._withUnsafeGuaranteedRef { $0.matches(bytes) } }
        let text = String(decoding: bytes, as: UTF8.self)
        let range = NSRange(text.startIndex..<text.endIndex, in: text)
        return expression.firstMatch(in: text, options: [.anchored], range: range) != nil
    }
}
