import Foundation
import TripletForge

/// The chunk JSON scanner against Foundation's `JSONSerialization`, on any bytes:
/// - what the scanner accepts, Foundation accepts too, with the same `text` and
///   `contextualised_text` strings, chunk for chunk;
/// - what Foundation accepts as an array of chunk objects (a string `text`; `contextualised_text`
///   and `chunk_type` strings or null; `rerank_score` a finite number or null; nesting within the
///   scanner's depth limit), the scanner accepts too.
///
/// Known, documented differences are left out of the comparison: the scanner does not look at
/// strings it skips (so invalid UTF-8 there is Foundation's to refuse), Foundation on Linux drops
/// U+FEFF from strings, and it accepts trailing commas (`[{"text":"a"},]`, found by this target)
/// and NUL bytes between tokens (`\0[\0]`, found by this target in CI), which RFC 8259 and the
/// scanner do not; and a field the scanner reads given twice in one chunk, which Foundation resolves
/// (the last value wins) and the scanner refuses (`duplicateKey`; found by this target in a CI
/// rehearsal, as `"rerank_score":"plans-53"` before a number).
enum ChunkJSONTarget {
    static func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        let ours = Result { () throws(ChunkJSONError) in try ChunkJSONParser.parse(bytes) }
        let data = Data(buffer: bytes)
        let theirs = try? JSONSerialization.jsonObject(with: data)
        guard String(validating: bytes, as: UTF8.self) != nil else { return }
        if data.count >= 3, data.prefix(3) == Data([0xEF, 0xBB, 0xBF]) { return }  // a BOM: Foundation skips it, RFC 8259 allows refusing it
        let hasBOMScalar = String(decoding: bytes, as: UTF8.self).unicodeScalars.contains("\u{FEFF}")
        switch ours {
        case let .success(chunks):
            guard let array = theirs as? [Any] else {
                return require(false, "scanner accepts, Foundation refuses: \(preview(bytes))")
            }
            require(array.count == chunks.count, "scanner reads \(chunks.count) chunks, Foundation \(array.count): \(preview(bytes))")
            guard !hasBOMScalar else { return }
            for (chunk, object) in zip(chunks, array) {
                guard let object = object as? [String: Any] else { return require(false, "a chunk Foundation does not read as an object: \(preview(bytes))") }
                require(object["text"] as? String == chunk.text, "text \(escaped(chunk.text)) != Foundation's \(String(describing: object["text"])): \(preview(bytes))")
                let context = (object["contextualised_text"] ?? object["contextualized_text"]) as? String
                require(context == chunk.contextualisedText, "contextualised_text differs: \(preview(bytes))")
            }
        case let .failure(error):
            guard let array = theirs as? [Any], array.count <= ChunkScanner.defaultMaxChunks,
                  array.allSatisfy(isChunk), depth(of: array) <= ChunkScanner.maxDepth else { return }
            if error.kind == .invalidUTF8 { return }  // Foundation may repair what the scanner refuses
            if error.kind == .duplicateKey || hasRepeatedKey(bytes) { return }  // Foundation keeps the last value; the scanner refuses
            if hasBOMScalar { return }  // Foundation drops U+FEFF, so `"\u{FEFF}text"` is its `text` key; not ours
            if error.offset < bytes.count, [UInt8(ascii: "t"), UInt8(ascii: "f")].contains(bytes[error.offset]) { return }  // a boolean score
            if followsTrailingComma(bytes, error.offset) { return }  // Foundation accepts `[1,]` and `{"a":1,}`; RFC 8259 does not
            if error.offset < bytes.count, bytes[error.offset] == 0 { return }  // Foundation on Linux skips NUL between tokens; RFC 8259 does not
            require(false, "Foundation accepts, scanner refuses (\(error)): \(preview(bytes))")
        }
    }

    /// Whether some object of the JSON text names a key twice (compared unescaped). Foundation then
    /// reads the last value, so an earlier value of the wrong type, which the scanner stops at, is
    /// invisible to it. Only called on text Foundation accepted, so strings are well formed.
    static func hasRepeatedKey(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var keysOfOpenObjects: [Set<String>?] = []  // nil: an open array
        var expectingKey = false
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "{"): keysOfOpenObjects.append([]); expectingKey = true
            case UInt8(ascii: "["): keysOfOpenObjects.append(nil); expectingKey = false
            case UInt8(ascii: "}"), UInt8(ascii: "]"): _ = keysOfOpenObjects.popLast(); expectingKey = false
            case UInt8(ascii: ","): expectingKey = keysOfOpenObjects.last.map { $0 != nil } ?? false
            case UInt8(ascii: "\""):
                var end = index + 1
                while end < bytes.count, bytes[end] != UInt8(ascii: "\"") { end += bytes[end] == UInt8(ascii: "\\") ? 2 : 1 }
                if expectingKey, let last = keysOfOpenObjects.last, var keys = last {
                    let literal = Data(UnsafeBufferPointer(rebasing: bytes[index...min(end, bytes.count - 1)]))
                    let key = (try? JSONSerialization.jsonObject(with: literal, options: .fragmentsAllowed)) as? String
                        ?? String(decoding: literal, as: UTF8.self)
                    if !keys.insert(key).inserted { return true }
                    keysOfOpenObjects[keysOfOpenObjects.count - 1] = keys
                    expectingKey = false
                }
                index = end
            default: break
            }
            index += 1
        }
        return false
    }

    static func isChunk(_ value: Any) -> Bool {
        guard let object = value as? [String: Any], object["text"] is String else { return false }
        for key in ["contextualised_text", "contextualized_text", "chunk_type"] {
            if let value = object[key], !(value is String || value is NSNull) { return false }
        }
        if let score = object["rerank_score"], !(score is NSNull) {
            // (`true` reads as an NSNumber too; the caller sorts that out by the failing byte.)
            guard let number = score as? NSNumber, number.doubleValue.isFinite else { return false }
        }
        return true
    }

    /// Whether the scanner stopped at a `]` or `}` right after a `,` (whitespace between), or at
    /// such a `,` itself (it reports a missing chunk at the comma: `[{…},]`).
    static func followsTrailingComma(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int) -> Bool {
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ",") {
            var next = offset + 1
            while next < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[next]) { next += 1 }
            return next < bytes.count && (bytes[next] == UInt8(ascii: "]") || bytes[next] == UInt8(ascii: "}"))
        }
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "]") || bytes[offset] == UInt8(ascii: "}") else { return false }
        var index = offset - 1
        while index >= 0, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index -= 1 }
        return index >= 0 && bytes[index] == UInt8(ascii: ",")
    }

    static func depth(of value: Any) -> Int {
        if let array = value as? [Any] { return 1 + (array.map(depth).max() ?? 0) }
        if let object = value as? [String: Any] { return 1 + (object.values.map(depth).max() ?? 0) }
        return 0
    }

    static func preview(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        escaped(String(decoding: UnsafeBufferPointer(rebasing: bytes.prefix(300)), as: UTF8.self))
    }
}
