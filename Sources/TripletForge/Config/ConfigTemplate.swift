/// The commented `tripletforge.toml` that `tripletforge init` writes: every setting, its meaning
/// and its default, generated from the real defaults (``Configuration()``) and ``SettingDocs``, so
/// it cannot drift from the code. A test parses it back and compares it with the defaults.
///
/// ```swift
/// try Configuration.template().write(toFile: "tripletforge.toml", atomically: true, encoding: .utf8)
/// ```
extension Configuration {
    public static func template() -> String {
        let defaults = Configuration()
        var lines = ["# tripletforge.toml: settings for `tripletforge build` and `tripletforge check`.",
                     "# Every setting is shown with its default; delete what you do not change.",
                     "# Command-line flags override this file; this file overrides the defaults.",
                     "# Use it with: tripletforge build --db snapshot.sqlite --out dataset/ --config tripletforge.toml"]
        let values = SettingDocs.values(of: defaults.build, check: defaults.check)
        for section in SettingDocs.sections {
            lines += ["", "[\(section)]"]
            for (entry, value) in values where entry.section == section {
                lines.append("# \(entry.doc)")
                lines.append("\(entry.key) = \(value)")
            }
        }
        lines += ["", "# [source] maps the built-in layouts onto your own table and column names (see docs/input-layouts.md):",
                  "# [source]", "# layout = \"threads\"", "# [source.tables]", "# feedback = \"ratings\"",
                  "# [source.columns.messages]", "# text = \"body\""]
        return lines.joined(separator: "\n") + "\n"
    }
}
