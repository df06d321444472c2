import CDeflate
import Foundation

/// Reads back a gzip file TripletForge wrote (several members), for the report and audits.
///
/// ```swift
/// let lines = try GzipReader.lines(of: dataset.appendingPathComponent("data/train-00000-of-00001.jsonl.gz"))
/// ```
public enum GzipReader {
    public static func contents(of url: URL) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw TripletForgeError.invalidDataset(path: url.path, reason: "cannot read the file")
        }
        if data.isEmpty { return [] }
        var output: UnsafeMutablePointer<UInt8>?
        let count = data.withUnsafeBytes { raw in
            tf_gunzip(raw.bindMemory(to: UInt8.self).baseAddress, raw.count, &output)
        }
        guard count >= 0, let output else {
            throw TripletForgeError.invalidDataset(path: url.path, reason: "not a valid gzip file")
        }
        defer { free(output) }
        return Array(UnsafeBufferPointer(start: output, count: count))
    }

    /// The file's non-empty lines, decoded as UTF-8.
    public static func lines(of url: URL) throws -> [Substring] {
        String(decoding: try contents(of: url), as: UTF8.self).split(separator: "\n")
    }
}
