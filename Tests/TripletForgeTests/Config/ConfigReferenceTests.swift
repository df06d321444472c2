import Foundation
import Testing
@testable import TripletForge

@Suite("Settings reference page")
struct ConfigReferenceTests {
    @Test func docsConfigurationIsTheGeneratedReferenceOfTheCodesDefaults() throws {
        let page = try String(contentsOf: packageRoot.appendingPathComponent("docs/configuration.md"), encoding: .utf8)
        #expect(page == Configuration.referencePage(),
                "docs/configuration.md is out of date: regenerate it with `swift run tripletforge init --markdown > docs/configuration.md`")
    }

    @Test func everyDocumentedSettingIsARowWithItsDefault() {
        let page = Configuration.referencePage()
        let defaults = SettingDocs.values(of: Configuration().build, check: Configuration().check)
        #expect(defaults.count == SettingDocs.all.count)
        for (entry, value) in defaults {
            #expect(page.contains("| `\(entry.key)` | `\(value)` |"), "\(entry.section).\(entry.key) is missing")
        }
        #expect(page.contains("| `rows_per_shard` | `100000` |"))
    }
}
