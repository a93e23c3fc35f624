import Foundation

/// A GeoJSON FeatureCollection (as ArcGIS hubs, data.gouv.fr and QGIS export points of service,
/// offices and facilities): its records are `/features`, each with `properties` and a
/// `geometry`. The draft names fields by their property (`nom`, not `properties_nom`), leaves out
/// each feature's `type` (always `Feature`), and reads points as `longitude` and `latitude`
/// numbers (`/geometry/coordinates/0` and `/1`), which a CSV can hold and reusers can map; other
/// geometries stay one field of GeoJSON text. An ArcGIS REST answer (`f=json`) is read alike:
/// `attributes` for `properties`, and points as `x` and `y` (`longitude` and `latitude` when its
/// spatial reference is WGS 84, 4326).
enum GeoJSONColumns {
    /// `columns` rearranged, and the label each column is named after, when `document`'s records
    /// (at `pointer`) are features of either kind; nil otherwise.
    static func arrange(_ columns: [String], features: [[String: Any]], document: Any, records pointer: String?) -> (columns: [String], names: [String: String])? {
        guard pointer == "/features", let object = document as? [String: Any], !features.isEmpty else { return nil }
        let geometries = features.compactMap { $0["geometry"] as? [String: Any] }
        if object["type"] as? String == "FeatureCollection" {
            let points = geometries.allSatisfy { geometry in
                guard geometry["type"] as? String == "Point", let coordinates = geometry["coordinates"] as? [Any], coordinates.count >= 2 else { return false }
                return coordinates.prefix(2).allSatisfy { $0 is JSONTree.Number }
            }
            return arranged(columns, container: "properties", dropping: ["type"], geometries: geometries,
                            point: points ? [("/geometry/coordinates/0", "longitude"), ("/geometry/coordinates/1", "latitude")] : nil)
        }
        // ArcGIS: `attributes`, with a `spatialReference`, `fields` or `geometryType` beside them.
        guard object["spatialReference"] != nil || object["fields"] != nil || object["geometryType"] != nil,
              features.allSatisfy({ $0["attributes"] is [String: Any] }) else { return nil }
        let points = geometries.allSatisfy { $0["x"] is JSONTree.Number && $0["y"] is JSONTree.Number }
        let reference = (object["spatialReference"] as? [String: Any]).flatMap { $0["latestWkid"] ?? $0["wkid"] }
        let degrees = (reference as? JSONTree.Number)?.text == "4326"
        return arranged(columns, container: "attributes", dropping: [], geometries: geometries,
                        point: points ? [("/geometry/x", degrees ? "longitude" : "x"), ("/geometry/y", degrees ? "latitude" : "y")] : nil)
    }

    /// The columns but the geometry's and `dropping`, those inside `container` named by their key;
    /// then the geometry: `point`'s two columns, or one of GeoJSON text.
    private static func arranged(_ columns: [String], container: String, dropping: Set<String>, geometries: [[String: Any]],
                                 point: [(column: String, name: String)]?) -> (columns: [String], names: [String: String]) {
        var names: [String: String] = [:]
        var kept: [String] = []
        for column in columns where !dropping.contains(column) && column != "geometry" && !column.hasPrefix("/geometry/") {
            if column.hasPrefix("/\(container)/") { names[column] = JSONPointer.keys(column).dropFirst().joined(separator: " ") }
            kept.append(column)
        }
        guard !geometries.isEmpty else { return (kept, names) }
        for (column, name) in point ?? [("/geometry", "geometry")] {
            kept.append(column)
            names[column] = name
        }
        return (kept, names)
    }
}
