import Foundation

/// One way a dataset differs from its manifest or from the format: which file, which line, what.
public struct DatasetProblem: Sendable, Equatable, CustomStringConvertible {
    /// The file, relative to the dataset directory (`data/train-00000-of-00001.jsonl.gz`).
    public var file: String
    /// The 1-based line of a shard, when the problem is in one line.
    public var line: Int?
    public var message: String

    public init(file: String, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)" }
}

/// What `validate` found.
public struct ValidationReport: Sendable {
    public var problems: [DatasetProblem] = []
    /// Problems found beyond those kept (a badly broken dataset is not listed line by line).
    public var unlistedProblems = 0
    public var shardsChecked = 0
    public var rowsChecked = 0

    public var isValid: Bool { problems.isEmpty && unlistedProblems == 0 }
}

/// Re-reads a dataset the way a consumer would and holds it to its manifest, before anyone
/// uploads or trains on it.
///
/// Checks: every shard the manifest lists exists inside the dataset, is a regular file, has the
/// recorded size and SHA-256, is valid gzip to its end (every member), decompresses to the
/// recorded size and row count, and holds lines that are JSON objects with exactly the format's
/// keys in order (``ShardColumns``, from the manifest's format); per split, the rows add up to the manifest's counts; no shard
/// file is unlisted; the content index matches its checksum and count; `rejects.jsonl` has one line
/// per rejected record; and no normalised query (``TextNormalization/queryKey(_:)``) is in both
/// train and validation (a leak would inflate validation scores).
///
/// ```swift
/// let report = DatasetValidator.validate(URL(fileURLWithPath: "dataset"))
/// for problem in report.problems { print(problem) }  // data/train-00000-of-00001.jsonl.gz:12: …
/// ```
public enum DatasetValidator {
    /// Problems kept per dataset, and per shard for line-level problems.
    public static let maxProblems = 100
    static let maxLineProblemsPerShard = 10

    public static func validate(_ dataset: URL) -> ValidationReport {
        var report = ValidationReport()
        func problem(_ file: String, _ line: Int? = nil, _ message: String) {
            if report.problems.count < maxProblems {
                report.problems.append(DatasetProblem(file: file, line: line, message: message))
            } else {
                report.unlistedProblems += 1
            }
        }

        let manifest: Manifest
        do {
            manifest = try Manifest.read(from: dataset)
        } catch let error as TripletForgeError {
            if let format = unknownFormat(in: dataset) {
                problem(Manifest.fileName, nil, "format \"\(format)\" is unknown to this version (it knows \(ShardFormat.allCases.map(\.rawValue).joined(separator: ", "))); upgrade tripletforge")
            } else if case let .invalidDataset(_, reason) = error { problem(Manifest.fileName, nil, reason) } else { problem(Manifest.fileName, nil, "\(error)") }
            return report
        } catch {
            problem(Manifest.fileName, nil, "\(error)")
            return report
        }

        let columns = ShardColumns.columns(of: manifest.settings.output.format, negatives: manifest.settings.output.negativesPerRow,
                                           softLabels: manifest.settings.output.softLabels)
        let checker = LineChecker(columns: columns)

        var rowsBySplit: [DatasetSplit: Int] = [:]
        var listed = Set<String>()
        var trainQueries: [QueryGroupKey: (file: String, line: Int)] = [:]
        // Train first, so every validation query can be looked up.
        let shards = manifest.shards.enumerated().sorted { ($0.element.split, $0.offset) < ($1.element.split, $1.offset) }.map(\.element)
        for shard in shards {
            listed.insert(shard.path)
            rowsBySplit[shard.split, default: 0] += shard.rows
            guard let url = containedFile(shard.path, in: dataset) else {
                problem(shard.path, nil, "the manifest points outside the dataset directory")
                continue
            }
            var attributes = stat()
            guard lstat(url.path, &attributes) == 0 else {
                problem(shard.path, nil, "missing (listed in the manifest)")
                continue
            }
            guard attributes.st_mode & S_IFMT == S_IFREG else {
                problem(shard.path, nil, "not a regular file (a link or a directory)")
                continue
            }
            report.shardsChecked += 1
            var lineProblems = 0
            let summary: GzipLineReader.Summary
            do {
                summary = try GzipLineReader.read(url) { line, number in
                    switch checker.check(line) {
                    case let .failure(message):
                        lineProblems += 1
                        if lineProblems <= maxLineProblemsPerShard { problem(shard.path, number, message.description) } else { report.unlistedProblems += 1 }
                    case let .success(queryKey):
                        guard let queryKey else { return }
                        if shard.split == .train {
                            if trainQueries[queryKey] == nil { trainQueries[queryKey] = (shard.path, number) }
                        } else if let first = trainQueries[queryKey] {
                            problem(shard.path, number, "query is also in train (\(first.file):\(first.line)): the splits must not share a query group")
                        }
                    }
                }
            } catch {
                problem(shard.path, nil, "unreadable: \(error)")
                continue
            }
            report.rowsChecked += summary.lines
            if summary.compressedBytes != shard.bytes {
                problem(shard.path, nil, "size is \(summary.compressedBytes) bytes, the manifest says \(shard.bytes)")
            }
            if summary.sha256 != shard.sha256 {
                problem(shard.path, nil, "SHA-256 is \(summary.sha256), the manifest says \(shard.sha256)")
            }
            if let gzip = summary.gzipProblem {
                problem(shard.path, nil, "gzip: \(gzip)")
                continue
            }
            if summary.unterminatedLastLine {
                problem(shard.path, summary.lines, "the last line has no newline (the shard may be cut short)")
            }
            if summary.lines != shard.rows {
                problem(shard.path, nil, "has \(summary.lines) rows, the manifest says \(shard.rows)")
            }
            if summary.uncompressedBytes != shard.uncompressedBytes {
                problem(shard.path, nil, "decompresses to \(summary.uncompressedBytes) bytes, the manifest says \(shard.uncompressedBytes)")
            }
        }

        for split in DatasetSplit.allCases {
            // Rows, not triplets: an n-tuple row holds k triplets, a grouped row a whole group.
            let counted = manifest.counts.rows(in: split)
            if rowsBySplit[split, default: 0] != counted {
                problem(Manifest.fileName, nil, "the \(split.rawValue) shards list \(rowsBySplit[split, default: 0]) rows, but counts.rows.\(split.rawValue) is \(counted)")
            }
        }
        let dataDirectory = dataset.appendingPathComponent("data")
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: dataDirectory.path)) ?? []).sorted() where !listed.contains("data/\(name)") {
            problem("data/\(name)", nil, "not listed in the manifest (a stray or leftover file)")
        }

        do {
            let index = try ContentIndex.read(from: dataset, manifest: manifest)
            if index.count != manifest.contentIndex.triplets {
                problem(manifest.contentIndex.path, nil, "holds \(index.count) triplet ids, the manifest says \(manifest.contentIndex.triplets)")
            }
        } catch let TripletForgeError.invalidDataset(_, reason) {
            problem(manifest.contentIndex.path, nil, reason)
        } catch {
            problem(manifest.contentIndex.path, nil, "\(error)")
        }

        if let rejects = FileManager.default.contents(atPath: dataset.appendingPathComponent("rejects.jsonl").path) {
            let lines = rejects.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            if lines != manifest.counts.rejectedRecords {
                problem("rejects.jsonl", nil, "has \(lines) lines, but counts.rejected_records is \(manifest.counts.rejectedRecords)")
            }
        } else {
            problem("rejects.jsonl", nil, "missing")
        }
        if !FileManager.default.fileExists(atPath: dataset.appendingPathComponent("README.md").path) {
            problem("README.md", nil, "missing (the dataset card)")
        }
        return report
    }

    /// The manifest's `settings.output.format` when this version does not know it (a dataset
    /// written by a newer tripletforge), so the message says that instead of a decoding error.
    static func unknownFormat(in dataset: URL) -> String? {
        guard let data = FileManager.default.contents(atPath: dataset.appendingPathComponent(Manifest.fileName).path),
              let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let format = ((object["settings"] as? [String: Any])?["output"] as? [String: Any])?["format"] as? String
        else { return nil }
        return ShardFormat(rawValue: format) == nil ? format : nil
    }

    /// `path` inside `dataset`, or nil when a (tampered) manifest points elsewhere.
    static func containedFile(_ path: String, in dataset: URL) -> URL? {
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.hasPrefix("/"), !components.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }) else { return nil }
        return dataset.appendingPathComponent(path)
    }
}
