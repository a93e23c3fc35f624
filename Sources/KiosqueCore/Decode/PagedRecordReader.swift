import Foundation

/// The records of a paginated JSON API as one stream: when a page runs out, the next is fetched
/// (the URL at a JSON pointer, the page parameter increased by one, or the offset parameter by
/// the records of the page) until there is none, a page comes
/// back empty, or `max_pages` is passed, which fails the dataset rather than publish part of it.
final class PagedRecordReader: RecordReader, KeyedRecords {
    let columns: [String]
    private(set) var encoding: TextEncoding
    private let pagination: Pagination
    private let maxPages: Int
    private let pointer: String?
    private let lines: Bool
    private let declaredEncoding: SourceEncoding
    private let fetch: (String) throws -> FetchedBody
    private var page: FetchedBody
    private var pageURL: String
    /// The page being read, once past the first (whose place is the recipe's url).
    var currentPage: String? { pagesRead > 1 ? pageURL : nil }
    private var reader: JSONRecordReader
    /// The value of the page or offset parameter in the last request.
    private var position: Int
    private var recordsOnPage = 0
    private var pagesRead = 1
    private var visited: Set<String>
    /// Every page's fingerprint, for the run's record of what was read.
    private(set) var pageDigests: [String]
    /// The keys found, and the other keys seen, on the pages before this one.
    private var foundBefore: [Bool]
    private var otherKeysBefore: [String] = []

    var keysFound: [Bool] { zip(foundBefore, reader.keysFound).map { $0 || $1 } }
    /// From the last page's records.
    func closestPointer(to column: String) -> String? { reader.closestPointer(to: column) }
    var otherKeys: [String] {
        Array((otherKeysBefore + reader.otherKeys.filter { !otherKeysBefore.contains($0) }).prefix(Self.sampledKeys))
    }

    init(first: FetchedBody, url: String, columns: [String], recipe: Recipe, lines: Bool, pagination: Pagination,
         fetch: @escaping (String) throws -> FetchedBody) throws {
        self.columns = columns
        foundBefore = Array(repeating: false, count: columns.count)
        self.pagination = pagination
        self.maxPages = recipe.source.maxPages
        self.pointer = recipe.source.records
        self.lines = lines
        self.declaredEncoding = recipe.source.encoding
        self.fetch = fetch
        page = first
        pageURL = url
        visited = [url]
        pageDigests = [first.fingerprint]
        position = pagination.query?.start ?? 1
        (reader, encoding) = try Self.open(first, columns: columns, pointer: pointer, lines: lines, declared: declaredEncoding)
    }

    private static func open(_ body: FetchedBody, columns: [String], pointer: String?, lines: Bool,
                             declared: SourceEncoding) throws -> (JSONRecordReader, TextEncoding) {
        let encoding = declared == .auto ? try TextEncoding.detect(body.file, announced: body.announcedEncoding)
            : TextEncoding(declared, bomPrefix: nil)
        let reader = try JSONRecordReader(try UTF8Stream(body.file, encoding: encoding), columns: columns, pointer: pointer, lines: lines)
        return (reader, encoding)
    }

    func next(into row: RawRow) throws -> Bool {
        while true {
            if try reader.next(into: row) {
                recordsOnPage += 1
                return true
            }
            guard let nextURL = try nextPageURL() else { return false }
            guard pagesRead < maxPages else {
                throw FetchError(url: pageURL, cause: .tooManyPages(maxPages))
            }
            guard visited.insert(nextURL).inserted else {
                throw DecodeError("the pagination loops: page \(pagesRead + 1) points back to \(Redaction.url(nextURL)); check source paginate")
            }
            // A local source read in place is the publisher's own file, never a temporary one.
            if page.inPlace == nil { try? FileManager.default.removeItem(at: page.file) }
            page = try fetch(nextURL)
            // An API that ignores the page parameter (or the cursor of its next link) answers the
            // same page again: say so now, not after max_pages requests and as many duplicates.
            if !page.fingerprint.isEmpty, page.fingerprint == pageDigests.last {
                throw DecodeError("page \(pagesRead + 1) of the source is the same as page \(pagesRead) (\(Redaction.url(nextURL))): \(Self.sameAnswer(pagination)); check source paginate")
            }
            pageURL = nextURL
            pagesRead += 1
            recordsOnPage = 0
            pageDigests.append(page.fingerprint)
            (foundBefore, otherKeysBefore) = (keysFound, otherKeys)
            (reader, encoding) = try Self.open(page, columns: columns, pointer: pointer, lines: lines, declared: declaredEncoding)
        }
    }

    private static func sameAnswer(_ pagination: Pagination) -> String {
        switch pagination {
        case .next: "the API gave the same answer to its own next link"
        case .parameter(let name, _, _, _), .offset(let name, _, _, _): "the API seems to ignore the parameter '\(name)'; its documentation names the one it reads"
        }
    }

    private func nextPageURL() throws -> String? {
        switch pagination {
        case .next(let pointer):
            guard let link = try JSONPointerValue.read(pointer, in: page.file, encoding: encoding) else { return nil }
            return URL(string: link, relativeTo: URL(string: page.finalURL))?.absoluteString ?? link
        case .parameter, .offset:
            guard recordsOnPage > 0, let query = pagination.query else { return nil }
            // An offset goes up by the records the page had, not by the size asked: an API that
            // caps its pages below the size asked for would otherwise skip records without a word.
            if case .offset = pagination { position += recordsOnPage } else { position += 1 }
            return PageURL.make(pageURL, parameter: query.name, value: position, sizeParameter: query.sizeParameter, size: query.size)
        }
    }
}

/// A URL with its page (and page size) query parameters set.
enum PageURL {
    static func make(_ url: String, parameter: String, value: Int, sizeParameter: String?, size: Int?) -> String {
        guard var components = URLComponents(string: url) else { return url }
        var items = (components.queryItems ?? []).filter { $0.name != parameter && $0.name != sizeParameter }
        items.append(URLQueryItem(name: parameter, value: String(value)))
        if let sizeParameter, let size { items.append(URLQueryItem(name: sizeParameter, value: String(size))) }
        components.queryItems = items
        return components.string ?? url
    }
}
