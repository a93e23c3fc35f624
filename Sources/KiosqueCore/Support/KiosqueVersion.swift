import Foundation
/// The tool's own version, written into logs and the User-Agent.
public enum KiosqueVersion {
    public static let current = "0.1.0"
}
