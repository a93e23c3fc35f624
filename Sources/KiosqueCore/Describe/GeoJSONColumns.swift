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
    static func isFeatureCollection(_ document: Any, records pointer: String?) -> Bool {
        pointer == "/features" && (document as? [String: Any])?["type"] as? String == "FeatureCollection"
    }

    /// An ArcGIS REST answer: `features` with `attributes`, and a `spatialReference` or `fields`
    /// beside them.
    static func isEsriFeatureSet(_ document: Any, records pointer: String?, features: [[String: Any]]) -> Bool {
        guard pointer == "/features", let object = document as? [String: Any],
              object["spatialReference"] != nil || object["fields"] != nil || object["geometryType"] != nil else { return false }
        return !features.isEmpty && features.allSatisfy { $0["attributes"] is [String: Any] }
    }

    /// `columns` rearranged for ArcGIS features, and the label each column is named after.
    static func esriColumns(_ columns: [String], features: [[String: Any]], document: Any) -> (columns: [String], names: [String: String]) {
        var names: [String: String] = [:]
        var kept: [String] = []
        for column in columns where column != "geometry" && !column.hasPrefix("/geometry/") {
            if column.hasPrefix("/attributes/") { names[column] = JSONPointer.keys(column).dropFirst().joined(separator: " ") }
            kept.append(column)
        }
        let geometries = features.compactMap { $0["geometry"] as? [String: Any] }
        guard !geometries.isEmpty else { return (kept, names) }
        if geometries.allSatisfy({ $0["x"] is JSONTree.Number && $0["y"] is JSONTree.Number }) {
            let reference = ((document as? [String: Any])?["spatialReference"] as? [String: Any]).flatMap { $0["latestWkid"] ?? $0["wkid"] }
            let degrees = (reference as? JSONTree.Number)?.text == "4326"
            kept += ["/geometry/x", "/geometry/y"]
            names["/geometry/x"] = degrees ? "longitude" : "x"
            names["/geometry/y"] = degrees ? "latitude" : "y"
        } else {
            kept.append("/geometry")
            names["/geometry"] = "geometry"
        }
        return (kept, names)
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
