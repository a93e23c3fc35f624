import Foundation

/// A GeoJSON FeatureCollection (as ArcGIS hubs, data.gouv.fr and QGIS export points of service,
/// offices and facilities): its records are `/features`, each with `properties` and a
/// `geometry`. The draft names fields by their property (`nom`, not `properties_nom`), leaves out
/// each feature's `type` (always `Feature`), and reads points as `longitude` and `latitude`
/// numbers (`/geometry/coordinates/0` and `/1`), which a CSV can hold and reusers can map; other
/// geometries stay one field of GeoJSON text.
enum GeoJSONColumns {
    static func isFeatureCollection(_ document: Any, records pointer: String?) -> Bool {
        pointer == "/features" && (document as? [String: Any])?["type"] as? String == "FeatureCollection"
    }

    /// `columns` rearranged for features, and the label each column is named after.
    static func columns(_ columns: [String], features: [[String: Any]]) -> (columns: [String], names: [String: String]) {
        var names: [String: String] = [:]
        var kept: [String] = []
        for column in columns where column != "type" && column != "geometry" && !column.hasPrefix("/geometry/") {
            if column.hasPrefix("/properties/") {
                let keys = JSONPointer.keys(column)
                names[column] = keys.dropFirst().joined(separator: " ")
            }
            kept.append(column)
        }
        let geometries = features.compactMap { $0["geometry"] as? [String: Any] }
        guard !geometries.isEmpty else { return (kept, names) }
        let points = geometries.allSatisfy { geometry in
            guard geometry["type"] as? String == "Point", let coordinates = geometry["coordinates"] as? [Any], coordinates.count >= 2 else { return false }
            return coordinates.prefix(2).allSatisfy { $0 is JSONTree.Number }
        }
        if points {
            kept += ["/geometry/coordinates/0", "/geometry/coordinates/1"]
            names["/geometry/coordinates/0"] = "longitude"
            names["/geometry/coordinates/1"] = "latitude"
        } else {
            kept.append("/geometry")
            names["/geometry"] = "geometry"
        }
        return (kept, names)
    }
}
