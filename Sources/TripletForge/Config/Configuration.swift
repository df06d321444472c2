import Foundation
import TOMLKit

/// A `tripletforge.toml` file: build settings and check thresholds, each section optional.
///
/// Flags override the file; the file overrides the defaults. `tripletforge init` writes one with
/// every setting, commented.
///
/// ```toml
/// [mining]
/// max_negatives_per_positive = 8
/// [check]
/// min_new_query_groups = 100
/// ```
public struct Configuration: Decodable, Sendable, Equatable {
    public var build = BuildSettings()
    public var check = CheckPolicy()

    public init() {}

    enum CodingKeys: String, CodingKey { case check }

    /// The build's sections sit beside `[check]` at the top level of the file, so ``BuildSettings``
    /// decodes from the same container (it reads only its own keys).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        build = try BuildSettings(from: decoder)
        check = try c.decodeIfPresent(CheckPolicy.self, forKey: .check) ?? CheckPolicy()
    }

    static let knownKeys: [String: Set<String>] = [
        "mining": Set(["uncited_positive", "confidence", "negative_rank_skip",
                       "false_negative_score_margin", "max_negatives_per_positive", "max_triplets_per_group", "delivery_only_categories", "near_duplicate_similarity"]),
        "split": ["validation_fraction", "seed"],
        "output": ["rows_per_shard", "compression_level", "format", "negatives_per_row", "soft_labels"],
        "input": ["max_reject_ratio", "excluded_admin_labels"],
        "privacy": ["redact", "passages"],
        "source": ["layout", "tables", "columns", "sql"],
        "check": ["min_new_triplets", "min_new_query_groups", "max_age_days"],
    ]

    /// Parses TOML text; unknown sections or keys are errors (a typo must not silently do nothing).
    public static func parse(_ text: String, source: String = "config") throws -> Configuration {
        if let problem = TOMLPrecheck.problem(in: text) {
            throw TripletForgeError.invalidConfiguration("\(source):\(problem.line): \(problem.reason)")
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw TripletForgeError.invalidConfiguration("\(source):\(error.source.begin.line):\(error.source.begin.column): \(error.description)")
        }
        for key in table.keys {
            guard let known = knownKeys[key] else {
                throw TripletForgeError.invalidConfiguration("\(source): unknown section [\(key)]; known: \(knownKeys.keys.sorted().joined(separator: ", "))")
            }
            guard let section = table[key]?.table else {
                throw TripletForgeError.invalidConfiguration("\(source): `\(key)` must be a [section]")
            }
            for inner in section.keys where !known.contains(inner) {
                if key == "mining", let replaced = MiningPolicy.replacedKeys[inner] {
                    throw TripletForgeError.invalidConfiguration("\(source): \(replaced)")
                }
                throw TripletForgeError.invalidConfiguration("\(source): unknown key `\(inner)` in [\(key)]; known: \(known.sorted().joined(separator: ", "))")
            }
        }
        do {
            let configuration = try TOMLDecoder().decode(Configuration.self, from: table)
            try configuration.build.validate()
            try configuration.check.validate()
            return configuration
        } catch let error as TripletForgeError {
            throw error
        } catch {
            throw TripletForgeError.invalidConfiguration("\(source): \(error)")
        }
    }

    public static func load(from path: String) throws -> Configuration {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw TripletForgeError.invalidConfiguration("cannot read config file '\(path)'")
        }
        return try parse(text, source: path)
    }
}
