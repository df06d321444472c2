import Testing
@testable import TripletForge

@Suite("Commented config template")
struct ConfigTemplateTests {
    @Test func theTemplateParsesBackToTheDefaults() throws {
        #expect(try Configuration.parse(Configuration.template(), source: "template") == Configuration())
    }

    @Test func everyAcceptedKeyIsDocumentedAndWrittenWithItsDefault() {
        let template = Configuration.template()
        // [source] has no defaults (absent: detect the layout); the template shows it commented out.
        #expect(template.contains("# [source]"))
        for (section, keys) in Configuration.knownKeys where section != "source" {
            #expect(template.contains("[\(section)]\n"))
            for key in keys {
                #expect(SettingDocs.all.contains { $0.section == section && $0.key == key }, "\(section).\(key) has no documentation")
                #expect(template.contains("\n\(key) = "), "\(section).\(key) is missing from the template")
            }
        }
        #expect(SettingDocs.all.count == Configuration.knownKeys.filter { $0.key != "source" }.values.reduce(0) { $0 + $1.count })
        #expect(template.contains("# gzip level"))
    }

    @Test func theCardListsEverySettingTheBuildUsed() {
        var settings = BuildSettings()
        settings.mining.negativeRankSkip = 2
        let values = SettingDocs.values(of: settings)
        #expect(values.count == SettingDocs.all.filter { $0.section != "check" }.count)
        #expect(values.first { $0.entry.key == "negative_rank_skip" }?.toml == "2")
        #expect(values.first { $0.entry.key == "confidence" }?.toml == "0.9")
    }
}
