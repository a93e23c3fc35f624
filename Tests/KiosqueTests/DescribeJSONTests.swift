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

    @Test("a GeoJSON FeatureCollection of points is drafted with its properties' names and longitude and latitude; other geometries stay GeoJSON text; the drafts run")
    func geoJSON() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        func feature(_ index: Int, _ geometry: String) -> String {
            #"{"type":"Feature","id":\#(index),"properties":{"libelle":"Guichet \#(index)","commune":"\#(index % 2 == 0 ? "Abidjan" : "Bouaké")","places":\#(index * 10)},"geometry":\#(geometry)}"#
        }
        let points = (1...6).map { feature($0, #"{"type":"Point","coordinates":[-4.0\#($0),5.3\#($0)]}"#) }
        try sandbox.write("Pipelines/sources/guichets.geojson", #"{"type":"FeatureCollection","features":["# + points.joined(separator: ",") + "]}")
        let draft = try DescribeTests.draft(sandbox, "Pipelines/sources/guichets.geojson", id: "guichets")
        #expect(draft.contains("  records: \"/features\"\n"), "\(draft)")
        #expect(draft.contains("  - name: libelle\n    from: \"/properties/libelle\"\n") && draft.contains("  - name: commune\n    from: \"/properties/commune\"\n"), "\(draft)")
        #expect(draft.contains("  - name: longitude\n    from: \"/geometry/coordinates/0\"\n    type: number\n"), "\(draft)")
        #expect(draft.contains("  - name: latitude\n    from: \"/geometry/coordinates/1\"\n    type: number\n"), "\(draft)")
        #expect(!draft.contains("from: \"type\"") && !draft.contains("properties_") && !draft.contains("/geometry/type"), "\(draft)")
        var run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try sandbox.text("Output/datasets/guichets/guichets.csv").hasPrefix("id,libelle,commune,places,longitude,latitude\n1,Guichet 1,Bouaké,10,-4.01,5.31\n"))
        // A polygon among the points: the geometry is one field of GeoJSON text.
        let mixed = points.prefix(3) + [feature(4, #"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}"#)]
        try sandbox.write("Pipelines/sources/zones.geojson", #"{"type":"FeatureCollection","features":["# + mixed.joined(separator: ",") + "]}")
        let zones = try DescribeTests.draft(sandbox, "Pipelines/sources/zones.geojson", id: "zones")
        #expect(zones.contains("  - name: geometry\n    from: \"/geometry\"\n    type: string\n") && !zones.contains("longitude"), "\(zones)")
        run = try sandbox.kiosque("run", "zones")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try sandbox.text("Output/datasets/zones/zones.json").contains(#""geometry":"{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]]]}""#))
        // Features that are not in a FeatureCollection are drafted as any JSON.
        try sandbox.write("Pipelines/sources/autres.json", #"{"features":["# + points.joined(separator: ",") + "]}")
        let other = try DescribeTests.draft(sandbox, "Pipelines/sources/autres.json", id: "autres")
        #expect(other.contains("  - name: properties_libelle\n") && other.contains("from: \"type\""), "\(other)")
    }

    @Test("an ArcGIS REST answer is drafted by its attributes' names, points as longitude and latitude (x and y outside WGS 84), and dates in milliseconds since 1970 as datetimes; a 13-digit code stays a code")
    func arcGIS() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        func answer(wkid: Int) -> String {
            let features = (0..<4).map { index in
                #"{"attributes":{"OBJECTID":\#(index + 1),"NOM_SITE":"Site \#(index)","EAN":\#(3017620422003 + index),"EditDate":\#(1577836800000 + index * 86_400_123)},"geometry":{"x":-4.0\#(index),"y":5.3\#(index)}}"#
            }
            return #"{"objectIdFieldName":"OBJECTID","geometryType":"esriGeometryPoint","spatialReference":{"wkid":\#(wkid),"latestWkid":\#(wkid)},"fields":[],"features":["# + features.joined(separator: ",") + "]}"
        }
        try sandbox.write("Pipelines/sources/sites.json", answer(wkid: 4326))
        let draft = try DescribeTests.draft(sandbox, "Pipelines/sources/sites.json", id: "sites")
        #expect(draft.contains("  - name: nom_site\n    from: \"/attributes/NOM_SITE\"\n"), "\(draft)")
        #expect(draft.contains("  # read as a time since 1970 (seconds, or milliseconds), published in UTC: its name says a date or time, and every value sampled is one between 1990 and 2100; set type: integer if it is not\n  - name: editdate\n    from: \"/attributes/EditDate\"\n    type: datetime\n    format: \"%s\"\n"), "\(draft)")
        #expect(draft.contains("  - name: ean\n    from: \"/attributes/EAN\"\n    type: integer\n"), "\(draft)")
        #expect(draft.contains("  - name: longitude\n    from: \"/geometry/x\"\n    type: number\n") && draft.contains("  - name: latitude\n    from: \"/geometry/y\"\n"), "\(draft)")
        let run = try sandbox.kiosque("run")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try sandbox.text("Output/datasets/sites/sites.csv").hasPrefix("objectid,nom_site,ean,editdate,longitude,latitude\n1,Site 0,3017620422003,2020-01-01T00:00:00Z,-4.00,5.30\n2,Site 1,3017620422004,2020-01-02T00:00:00.123Z,-4.01,5.31\n"))
        // In Web Mercator, metres: x and y.
        try sandbox.write("Pipelines/sources/metres.json", answer(wkid: 3857))
        let metres = try DescribeTests.draft(sandbox, "Pipelines/sources/metres.json", id: "metres")
        #expect(metres.contains("  - name: x\n    from: \"/geometry/x\"\n") && !metres.contains("longitude"), "\(metres)")
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
