import Foundation

/// JSON values for describe's sample, read with the tokenizer `run` reads sources with: objects as
/// `[String: Any]`, arrays as `[Any]`, strings, booleans, `NSNull`, and numbers as `JSONTree.Number`
/// (their text as written). Foundation's JSONSerialization refused documents run reads (a number
/// beyond a Double, such as `1e400`) and never said where a broken one breaks.
enum JSONTree {
    struct Number {
        let text: String
    }

    /// The top-level values of `file`, at most `limit` of them: one for a JSON document, one a line
    /// for NDJSON. Throws where the text breaks, with its byte offset.
    static func values(in file: URL, limit: Int) throws -> [Any] {
        var values: [Any] = []
        try read(file) { value in
            values.append(value)
            return values.count < limit
        }
        return values
    }

    /// Hands each top-level value of `file` to `visit`, in order, until it returns false or the
    /// text ends. Throws where the text breaks, with its byte offset, after the values before.
    static func read(_ file: URL, _ visit: (Any) -> Bool) throws {
        let tokenizer = JSONTokenizer(try UTF8Stream(file, encoding: .utf8))
        var stack: [Container] = []
        var more = true
        func malformed(_ what: String) -> DecodeError {
            DecodeError("the JSON source is malformed at byte \(tokenizer.offset): \(what); the export is broken: ask its producer for a new one")
        }
        func add(_ value: Any) throws {
            guard let container = stack.last else { return more = visit(value) }
            if container.isObject {
                guard let key = container.key else { throw malformed("a value stands where an object's key should be") }
                container.object[key] = value
                container.key = nil
            } else {
                container.array.append(value)
            }
        }
        while more {
            let token = try tokenizer.next()
            switch token {
            case .end:
                guard stack.isEmpty else { throw malformed("the text ends inside an object or an array; the file looks truncated") }
                return
            case .beginObject, .beginArray:
                guard stack.count < DecodeLimits.depth else { throw malformed("values nest more than \(DecodeLimits.depth) levels deep") }
                stack.append(Container(isObject: token == .beginObject))
            case .endObject, .endArray:
                let closer = token == .endObject ? "}" : "]"
                guard let container = stack.popLast() else { throw malformed("a '\(closer)' closes nothing open") }
                guard container.isObject == (token == .endObject) else {
                    throw malformed("\(container.isObject ? "an object" : "an array") is closed with '\(closer)'")
                }
                guard container.key == nil else { throw malformed("an object's key has no value") }
                try add(container.isObject ? container.object : container.array)
            case .string:
                let text = String(decoding: tokenizer.text, as: UTF8.self)
                if let container = stack.last, container.isObject, container.key == nil {
                    container.key = text
                } else {
                    try add(text)
                }
            case .number: try add(Number(text: String(decoding: tokenizer.text, as: UTF8.self)))
            case .true: try add(true)
            case .false: try add(false)
            case .null: try add(NSNull())
            }
        }
    }

    /// An object or array being read, and an object's key waiting for its value.
    private final class Container {
        let isObject: Bool
        var object: [String: Any] = [:]
        var array: [Any] = []
        var key: String?

        init(isObject: Bool) {
            self.isObject = isObject
        }
    }
}
