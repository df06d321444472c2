import Foundation
import Testing
@testable import TripletForge

/// Differences from Foundation that the chunk JSON fuzz target found, kept as real files in its
/// seed corpus (`Fixtures/fuzz/chunk-json/regression-*`): the scanner follows RFC 8259 there.
@Suite("Chunk JSON fuzz regressions")
struct ChunkJSONFuzzRegressionTests {
    /// Foundation's JSONSerialization accepts `[{…},]`; RFC 8259 has no trailing commas, so a
    /// logged row like this is a counted `malformed_chunks_json` reject, never a guess.
    /// (The second file, found in CI, ends a list of five chunks with `},]`: the scanner reports
    /// the missing chunk at the comma.)
    @Test(arguments: ["regression-trailing-comma.json", "regression-trailing-comma-after-chunks.json"])
    func aTrailingCommaIsMalformedThoughFoundationAcceptsIt(file: String) throws {
        let data = try Data(contentsOf: packageRoot.appendingPathComponent("Fixtures/fuzz/chunk-json/" + file))
        #expect((try? JSONSerialization.jsonObject(with: data)) != nil, "Foundation no longer accepts it: the fuzz target's exception can go")
        let result = data.withUnsafeBytes { raw in
            Result { () throws(ChunkJSONError) in try ChunkJSONParser.parse(raw.bindMemory(to: UInt8.self)) }
        }
        guard case let .failure(error) = result else { Issue.record("the scanner accepted a trailing comma"); return }
        // A counted reject either way: the first file as malformed JSON, the second as a missing
        // chunk where the scanner expected one after the comma.
        #expect(file.hasSuffix("after-chunks.json") ? error.kind.reason == .chunkWithoutText : error.kind.reason == .malformedChunksJSON)
    }

    /// Foundation on Linux reads `\0[\0]` as an empty array: it skips NUL bytes between tokens.
    /// JSON's whitespace is space, tab, CR and LF only, so the scanner refuses the row.
    @Test func aNULBetweenTokensIsMalformedThoughFoundationAcceptsIt() throws {
        let data = try Data(contentsOf: packageRoot.appendingPathComponent("Fixtures/fuzz/chunk-json/regression-nul-between-tokens.json"))
        #expect(data == Data([0, UInt8(ascii: "["), 0, UInt8(ascii: "]")]))
        let result = data.withUnsafeBytes { raw in
            Result { () throws(ChunkJSONError) in try ChunkJSONParser.parse(raw.bindMemory(to: UInt8.self)) }
        }
        guard case let .failure(error) = result else { Issue.record("the scanner accepted a NUL byte between tokens"); return }
        #expect(error.kind.reason == .malformedChunksJSON && error.offset == 0)
    }

    /// A key spelled `"\u{FEFF}text"` (found by CI's fuzz run): Foundation on Linux drops the U+FEFF
    /// and reads it as `text`; the scanner compares keys byte for byte, so that chunk has no text
    /// and the row is a counted reject.
    @Test func aKeyWithAByteOrderMarkIsNotTheTextKey() throws {
        let data = try Data(contentsOf: packageRoot.appendingPathComponent("Fixtures/fuzz/chunk-json/regression-bom-in-key.json"))
        #expect(data.range(of: Data([0x22, 0xEF, 0xBB, 0xBF, 0x74, 0x65, 0x78, 0x74, 0x22])) != nil)
        let result = data.withUnsafeBytes { raw in
            Result { () throws(ChunkJSONError) in try ChunkJSONParser.parse(raw.bindMemory(to: UInt8.self)) }
        }
        guard case let .failure(error) = result else { Issue.record("the scanner read a BOM-prefixed key as text"); return }
        #expect(error.kind.reason == .chunkWithoutText)
    }
}
