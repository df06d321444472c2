import Foundation
import Testing
@testable import TripletForge

/// Random *structured* JSON (the existing property tests cover random strings and random bytes):
/// what the chunk parser accepts it reads as Foundation does, and the shard encoder's output is
/// read back exactly by another implementation (Python's json).
@Suite("JSON properties")
struct JSONPropertyTests {
    /// A random JSON value of bounded depth, as text.
    func randomValue(_ generator: inout SplitMix64, depth: Int) -> String {
        switch generator.next() % (depth > 3 ? 4 : 7) {
        case 0: return "null"
        case 1: return generator.next() % 2 == 0 ? "true" : "false"
        case 2: return ["0", "-1", "3.25", "1e3", "-0.5E-2", "12345678901234"][Int(generator.next() % 6)]
        case 3: return encoded(randomString(&generator))
        case 4, 5:
            let fields = (0..<Int(generator.next() % 4)).map { _ in encoded(randomString(&generator)) + ":" + randomValue(&generator, depth: depth + 1) }
            return "{" + fields.joined(separator: ",") + "}"
        default:
            return "[" + (0..<Int(generator.next() % 4)).map { _ in randomValue(&generator, depth: depth + 1) }.joined(separator: ", ") + "]"
        }
    }

    func encoded(_ text: String) -> String {
        var encoder = JSONLineEncoder()
        encoder.string(text)
        return String(decoding: encoder.bytes, as: UTF8.self)
    }

    @Test func randomChunkArraysParseAsFoundationReadsThem() throws {
        var generator = SplitMix64(seed: 2026)
        for _ in 0..<1_500 {
            let count = Int(generator.next() % 5)
            let chunks = (0..<count).map { _ -> String in
                var fields = ["\"text\":" + encoded(randomString(&generator))]
                for _ in 0..<Int(generator.next() % 4) {
                    fields.append(encoded("k" + randomString(&generator)) + ":" + randomValue(&generator, depth: 1))
                }
                if generator.next() % 2 == 0 { fields.shuffle(using: &generator) }
                return "{" + fields.joined(separator: " , ") + "}"
            }
            let json = "[ " + chunks.joined(separator: ",\n") + " ]"
            let ours = try? ChunkJSONParser.parse(json)
            let theirs = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [[String: Any]]
            guard let theirs else { continue }  // Foundation refuses (e.g. a duplicate key): nothing to compare
            // Foundation keeps the last of duplicate keys and drops U+FEFF on Linux: compare elsewhere.
            if json.unicodeScalars.contains("\u{FEFF}") { continue }
            #expect(ours?.map(\.text) == theirs.map { $0["text"] as? String ?? "" }, "\(json)")
        }
    }

    @Test func shardLinesReadBackExactlyInPython() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") else {
            try Test.cancel("python3 is not installed at /usr/bin/python3")
        }
        var generator = SplitMix64(seed: 99)
        var encoder = JSONLineEncoder()
        var expected: [String] = []
        for _ in 0..<2_000 {
            let texts = (0..<3).map { _ in randomString(&generator) }
            expected.append(contentsOf: texts)
            encoder.object([("query", .string(texts[0])), ("positive", .string(texts[1])), ("negative", .string(texts[2]))])
        }
        let directory = try TemporaryDirectory()
        let lines = directory.url.appendingPathComponent("lines.jsonl")
        try Data(encoder.bytes).write(to: lines)
        // Python re-encodes every value as escaped ASCII, one per line, keys checked in order.
        let script = """
        import json, sys
        for line in open(sys.argv[1], encoding="utf-8", newline="\\n"):
            pairs = json.loads(line, object_pairs_hook=lambda p: p)
            assert [k for k, _ in pairs] == ["query", "positive", "negative"], pairs
            for _, v in pairs: print(json.dumps(v))
        """
        let result = try runProcess(URL(fileURLWithPath: "/usr/bin/python3"), ["-c", script, lines.path])
        #expect(result.status == 0, "\(result.stderr)")
        let decoded = result.stdout.split(separator: "\n").map { line -> String in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8), options: .fragmentsAllowed) as? String) ?? "<undecodable>"
        }
        #expect(decoded.count == expected.count)
        // Compare outside U+FEFF, which Foundation (decoding Python's escapes here) drops on Linux.
        for (ours, theirs) in zip(expected, decoded) where !ours.unicodeScalars.contains("\u{FEFF}") {
            #expect(ours == theirs)
        }
    }
}
