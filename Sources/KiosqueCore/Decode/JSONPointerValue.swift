import Foundation

/// Reads the scalar at a JSON pointer in a file, streaming past everything else:
/// how pagination finds the next page's URL (`/links/next`) wherever it sits in the page.
enum JSONPointerValue {
    /// The string (or number) at `pointer`, nil when it is absent, null or empty.
    static func read(_ pointer: String, in file: URL, encoding: TextEncoding = .utf8) throws -> String? {
        let tokenizer = JSONTokenizer(try UTF8Stream(file, encoding: encoding))
        return try find(JSONPointer.keys(pointer)[...], tokenizer.next(), tokenizer)
    }

    private static func find(_ segments: ArraySlice<String>, _ token: JSONTokenizer.Token, _ tokenizer: JSONTokenizer) throws -> String? {
        guard let segment = segments.first else {
            switch token {
            case .string, .number:
                let text = String(decoding: tokenizer.text, as: UTF8.self)
                return text.isEmpty ? nil : text
            default:
                return nil
            }
        }
        switch token {
        case .beginObject:
            while true {
                let key = try tokenizer.next()
                guard key == .string else { return nil }
                let matches = String(decoding: tokenizer.text, as: UTF8.self) == segment
                let value = try tokenizer.next()
                if matches { return try find(segments.dropFirst(), value, tokenizer) }
                try skip(value, tokenizer)
            }
        case .beginArray:
            guard let index = Int(segment) else { return nil }
            var position = 0
            while true {
                let item = try tokenizer.next()
                if item == .endArray || item == .end { return nil }
                if position == index { return try find(segments.dropFirst(), item, tokenizer) }
                try skip(item, tokenizer)
                position += 1
            }
        default:
            return nil
        }
    }

    private static func skip(_ token: JSONTokenizer.Token, _ tokenizer: JSONTokenizer) throws {
        var depth = 0
        var current = token
        while true {
            switch current {
            case .beginObject, .beginArray: depth += 1
            case .endObject, .endArray: depth -= 1
            case .end: return
            default: break
            }
            if depth <= 0 { return }
            current = try tokenizer.next()
        }
    }
}
