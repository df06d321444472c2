import Foundation
import Testing
@testable import TripletForge

/// Config text that would crash the bundled TOML parser is refused with its line instead. The
/// case was found by the config fuzz target and is kept as a real file in its seed corpus.
@Suite("TOML precheck")
struct TOMLPrecheckTests {
    static let regression = packageRoot.appendingPathComponent("Fixtures/fuzz/config/regression-non-ascii-header.toml")

    @Test func aNonASCIISectionNameIsAnErrorWithItsLineNotAnAbort() throws {
        #expect { _ = try Configuration.load(from: Self.regression.path) } throws: { error in
            error as? TripletForgeError == .invalidConfiguration("\(Self.regression.path):3: a table header must start with a key")
        }
        // And through the CLI: exit 3 with the message (before the fix the process aborted).
        let result = try runProcess(try tripletforgeExecutable(), ["build", "--dry-run", "--db", DatasetOutputTests.fixture.path, "--config", Self.regression.path])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains(":3: a table header must start with a key"))
    }

    @Test(arguments: [
        ("# café\n[mining]\nmin_votes = 1 # naïve\n", nil),
        ("[input]\nexcluded_admin_labels = [\"spam\", \"spåm\", 'tëst']\n", nil),
        ("[input]\nexcluded_admin_labels = [\"\"\"\nnaïve\n\"\"\"]\n", nil),
        ("[input]\nexcluded_admin_labels = [\"a\\\"é\"]\n", nil),
        ("[input]\nexcluded_admin_labels = ['''\n\"é\n''']\nx é = 1\n", 5),
        ("[mining]\nmïn_votes = 1\n", 2),
        ("[mining]\nmin_votes = \u{0B}1\n", 2),
        ("[é]\n", 1),
        ("[split]\nseed = 1\n[\u{0B}x]\n", 3),
        ("[split]\r\nseed = 1\t# tab and CRLF are fine\r\n", nil),
        ("[source.columns]\nquery = \"q\"\n[= \"question\"\n", 3),
        ("[[ \"a b\" ]]\n[ x.y ]\n[]\nz = [\n  [1, 2],\n  [\"é\"],\n]\n", nil),
    ] as [(String, Int?)])
    func controlAndNonASCIICharactersAreAllowedInStringsOnly(text: String, line: Int?) {
        #expect(TOMLPrecheck.problem(in: text)?.line == line, "\(text)")
    }

    @Test func everyConfigSeedLoadsOrThrowsTripletForgeError() throws {
        let corpus = packageRoot.appendingPathComponent("Fixtures/fuzz/config")
        for seed in try FileManager.default.contentsOfDirectory(atPath: corpus.path) {
            let text = String(decoding: try Data(contentsOf: corpus.appendingPathComponent(seed)), as: UTF8.self)
            do { _ = try Configuration.parse(text, source: seed) } catch is TripletForgeError {} catch {
                Issue.record("\(seed): threw \(type(of: error)), not TripletForgeError")
            }
        }
    }
}

extension TOMLPrecheckTests {
    /// The fuzzer's second find, as it found it: a vertical tab right after `[`.
    @Test func aControlCharacterInASectionHeaderIsAnErrorNotAnAbort() throws {
        let file = packageRoot.appendingPathComponent("Fixtures/fuzz/config/regression-control-character.toml")
        #expect { _ = try Configuration.load(from: file.path) } throws: { error in
            "\(error)".contains("\(file.path):4: a table header must start with a key")
        }
    }
}

extension TOMLPrecheckTests {
    /// The fuzzer's third find, as it found it: a header `[=` with no key.
    @Test func aTableHeaderWithoutAKeyIsAnErrorNotAnAbort() throws {
        let file = packageRoot.appendingPathComponent("Fixtures/fuzz/config/regression-header-without-key.toml")
        #expect { _ = try Configuration.load(from: file.path) } throws: { error in
            "\(error)".contains("\(file.path):5: a table header must start with a key")
        }
    }
}
