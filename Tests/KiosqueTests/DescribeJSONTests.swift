import Foundation
import Testing
@testable import KiosqueCore

/// describe reads JSON with the tokenizer run reads it with: what run reads, describe drafts, and
/// a broken document is named by the byte where it breaks.
@Suite struct DescribeJSONTests {
    @Test("a number beyond a double's range is drafted as text, as run refuses it as a number")
    func outOfRangeNumbers() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/mesures.json", #"{"data":{"items":[{"id":1,"v":1e400,"w":2.5},{"id":2,"v":3,"w":1e3},{"id":3,"v":-2e-400,"w":7}]}}"#)
        let draft = try DescribeTests.draft(sandbox, "Pipelines/sources/mesures.json", id: "mesures")
        #expect(draft.contains("  records: \"/data/items\"\n"), "\(draft)")
        #expect(draft.contains("  - name: v\n    from: \"v\"\n    type: string\n"), "\(draft)")
        #expect(draft.contains("  - name: w\n    from: \"w\"\n    type: number\n"), "\(draft)")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try sandbox.text("Output/datasets/mesures/mesures.csv") == "id,v,w\n1,1e400,2.5\n2,3,1e3\n3,-2e-400,7\n")
    }

    @Test("a source without an extension: objects one after another are NDJSON, a one-line document is JSON")
    func formatWithoutExtension() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/flux", "{\"id\":1,\"v\":1e400}\n{\"id\":2,\"v\":2}\n")
        let lines = try DescribeTests.draft(sandbox, "Pipelines/sources/flux", id: "flux")
        #expect(lines.contains("  format: ndjson\n"), "\(lines)")
        #expect(lines.contains("  - name: v\n    from: \"v\"\n    type: string\n"), "\(lines)")
        // Minified on one line: its records, not one record holding them all.
        try sandbox.write("Pipelines/sources/reponse", #"{"total":2,"data":[{"code":"A","n":1},{"code":"B","n":2}]}"#)
        let document = try DescribeTests.draft(sandbox, "Pipelines/sources/reponse", id: "reponse")
        #expect(document.contains("  format: json\n  records: \"/data\"\n"), "\(document)")
        #expect(document.contains("  - name: code\n"), "\(document)")
        // One object holding no array of records: a single NDJSON line.
        try sandbox.write("Pipelines/sources/seul", #"{"code":"A","n":1}"#)
        let single = try DescribeTests.draft(sandbox, "Pipelines/sources/seul", id: "seul")
        #expect(single.contains("  format: ndjson\n"), "\(single)")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try sandbox.text("Output/datasets/reponse/reponse.csv") == "code,n\nA,1\nB,2\n")
        #expect(try sandbox.text("Output/datasets/seul/seul.csv") == "code,n\nA,1\n")
    }

    @Test("a broken JSON document is named by the byte where it breaks, and how", arguments: [
        (#"[{"id":1,"t":"a\ud800b"}]"#, "at byte 22: a lone UTF-16 surrogate"),
        (#"[{"id":1},{"id":2]"#, "at byte 18: an object is closed with ']'"),
        (#"[{"id":1},{"id":2}]]"#, "at byte 20: a ']' closes nothing open"),
        (#"[{"id":1},{"id":2,"t"}]"#, "at byte 22: an object's key has no value"),
        (#"[{"id":1},{"id":2,"t":"x""#, "the text ends inside an object or an array; the file looks truncated"),
    ])
    func brokenDocuments(text: String, message: String) throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/casse.json", text)
        let described = try sandbox.kiosque("describe", "Pipelines/sources/casse.json")
        #expect(described.status == 1)
        #expect(described.stderr.contains("the JSON source is malformed"), "\(described.stderr)")
        #expect(described.stderr.contains(message), "\(described.stderr)")
    }
}
