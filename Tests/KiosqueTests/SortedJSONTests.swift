import Foundation
import Testing
@testable import KiosqueCore

/// `SortedJSON` must write what Foundation's `JSONSerialization` writes with `.sortedKeys` and
/// `.withoutEscapingSlashes`, byte for byte, or published catalogues would change.
@Suite("Sorted JSON")
struct SortedJSONTests {
    static func foundation(_ object: Any, pretty: Bool) throws -> Data {
        try JSONSerialization.data(withJSONObject: object, options: pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes])
    }

    /// Keys whose order depends on case, digits as numbers, punctuation and accents.
    static let keys = ["@id", "@type", "@context", "@graph", "@value", "@language", "dct:title", "dcat:Dataset", "dcat:distribution",
                       "dct:identifier", "a10", "a9", "a1", "A1", "B", "b", "_x", "-x", ".x", "x", "é", "e", "É", "z", "Z", "", "10", "9",
                       "010", "ar", "fr", "en", "fr-CI", "schema:name", "x/y", "quote\"", "tab\t", "\u{1}", "Ω", "🙂", "name", "Name"]
    static let strings = ["", "plain", "a/b", "\"quoted\"", "back\\slash", "line\nbreak", "cr\r", "tab\t", "\u{0}\u{7}\u{8}\u{b}\u{c}\u{1f}\u{7f}",
                          "Bouaké", "الرباط", "🙂 emoji", "https://donnees.example/datasets/a b", "<script>", "\u{2028}"]
    static let integers = [0, -1, 42, Int.max, Int.min]
    static let doubles = [0.5, 7.0, -0.0, 1e-5, 1e16, 123.456, 1.0 / 3, 2.5e-300, Double.greatestFiniteMagnitude]

    struct Generator {
        var bytes: IndexingIterator<[UInt8]>
        init(seed: Int) { bytes = SeededBytes.make(1 << 16, seed: seed).makeIterator() }
        mutating func next(_ bound: Int) -> Int { Int(bytes.next()!) % bound }

        mutating func value(depth: Int) -> Any {
            switch next(depth > 3 ? 5 : 7) {
            case 0: return SortedJSONTests.strings[next(SortedJSONTests.strings.count)]
            case 1: return next(2) == 0 ? SortedJSONTests.integers[next(SortedJSONTests.integers.count)] : SortedJSONTests.doubles[next(SortedJSONTests.doubles.count)]
            case 2: return next(2) == 0
            case 3: return NSNull()
            case 4: return SortedJSONTests.keys[next(SortedJSONTests.keys.count)]
            case 5: return (0..<next(4)).map { _ in value(depth: depth + 1) }
            default: return object(depth: depth + 1)
            }
        }

        mutating func object(depth: Int) -> [String: Any] {
            var object: [String: Any] = [:]
            for _ in 0..<next(8) { object[SortedJSONTests.keys[next(SortedJSONTests.keys.count)]] = value(depth: depth) }
            return object
        }
    }

    @Test("random documents come out as JSONSerialization writes them", arguments: 0..<40)
    func randomDocuments(seed: Int) throws {
        var generator = Generator(seed: seed + 1)
        let document: Any = seed % 5 == 0 ? [generator.object(depth: 0), [:] as [String: Any], [] as [Any]] as [Any] : generator.object(depth: 0)
        for pretty in [true, false] {
            let ours = try SortedJSON.data(document, pretty: pretty)
            let theirs = try Self.foundation(document, pretty: pretty)
            #expect(ours == theirs, "seed \(seed), pretty \(pretty):\n\(String(decoding: ours, as: UTF8.self))\n---\n\(String(decoding: theirs, as: UTF8.self))")
        }
    }

    @Test("keys sort as JSONSerialization sorts them")
    func keyOrder() throws {
        let object = Dictionary(uniqueKeysWithValues: Self.keys.map { ($0, 1 as Any) })
        #expect(try SortedJSON.data(object, pretty: false) == Self.foundation(object, pretty: false))
        #expect(SortedJSON.precedes("a9", "a10") && SortedJSON.precedes("a1", "B") && !SortedJSON.precedes("b", "b"))
    }

    /// Keys learnt in a random order, a few at a time, as documents bring them; past its capacity
    /// the table sorts new keys without learning them.
    @Test("the table of known keys sorts as the comparison does, below and past its capacity", arguments: [1000, 20])
    func knownKeys(capacity: Int) {
        var generator = Generator(seed: capacity)
        let order = KeyOrder(capacity: capacity)
        var pool = Set(Self.keys)
        for index in 0..<150 { pool.insert(Self.keys[generator.next(Self.keys.count)] + String(index % 13) + Self.keys[generator.next(Self.keys.count)]) }
        let all = Array(pool)
        for round in 0..<60 {
            let subset = Set((0..<(1 + generator.next(12))).map { _ in all[(generator.next(256) * 7 + round) % all.count] })
            #expect(order.sorted(subset) == subset.sorted(by: SortedJSON.precedes), "round \(round)")
        }
        #expect(order.sorted(all) == all.sorted(by: SortedJSON.precedes))
    }

    @Test("what is not JSON is refused, not written")
    func invalidValues() {
        #expect(throws: SortedJSON.InvalidValue.self) { try SortedJSON.data(["x": Double.nan], pretty: false) }
        #expect(throws: SortedJSON.InvalidValue.self) { try SortedJSON.data(["x": Double.infinity], pretty: true) }
        #expect(throws: SortedJSON.InvalidValue.self) { try SortedJSON.data(["x": Date()], pretty: false) }
        #expect(throws: SortedJSON.InvalidValue.self) { try SortedJSON.data([1: "x"], pretty: false) }
    }

    @Test("the examples' metadata files are what JSONSerialization writes for the same documents")
    func publishedMetadata() throws {
        let sandbox = try EndToEndTests.examples()
        #expect(try sandbox.kiosque("run").status == 0)
        let files = try FileManager.default.subpathsOfDirectory(atPath: sandbox.root.path)
            .filter { $0.hasSuffix(".jsonld") || $0.hasSuffix("datapackage.json") || $0.hasSuffix("-metadata.json") }
        #expect(files.count >= 10)
        for file in files {
            let data = try sandbox.read(file)
            let document = try JSONSerialization.jsonObject(with: data)
            #expect(try Self.foundation(document, pretty: true) + Data("\n".utf8) == data, "\(file)")
        }
    }
}
