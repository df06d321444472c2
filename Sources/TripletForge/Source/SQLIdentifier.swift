import Foundation

/// Safe SQL identifiers for table and column names that come from configuration.
///
/// Names are validated (letters, digits, `_`, not starting with a digit) *and* double-quoted, so a
/// config file can point at any table but can never inject SQL.
public enum SQLIdentifier {
    public static func isValid(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !name.isEmpty, name.utf8.count <= 128 else { return false }
        guard first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }

    /// `"name"`, with any embedded quote doubled (belt and braces: valid names have none).
    public static func quote(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
