import Foundation
import Testing

/// Every relative link a reader can follow — in the README, the docs pages, and the comments of the
/// workflows — leads to a file that exists. A page moved or renamed without its links breaks this
/// test instead of a newcomer's first click.
@Suite("Documentation links")
struct LinkTests {
    /// `[text](target)` and `![alt](target)`, and reference definitions `[label]: target`.
    static let markdownLink = try! NSRegularExpression(pattern: #"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)|^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)"#,
                                                       options: [.anchorsMatchLines])

    /// The targets of the Markdown links in `text`, in order.
    static func markdownTargets(in text: String) -> [String] {
        let range = NSRange(text.startIndex..., in: text)
        return markdownLink.matches(in: text, range: range).compactMap { match in
            for group in 1...2 {
                if let found = Range(match.range(at: group), in: text) { return String(text[found]) }
            }
            return nil
        }
    }

    /// A link that points into this repository (not a URL, not an anchor on the same page), without
    /// its `#fragment`.
    static func repositoryPath(_ target: String) -> String? {
        if target.hasPrefix("#") || target.contains("://") || target.hasPrefix("mailto:") { return nil }
        let path = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
        return path.isEmpty ? nil : String(path).removingPercentEncoding ?? String(path)
    }

    /// Paths named in the comments of a workflow (`# see docs/pipelines.md`): words whose first
    /// component is a top-level directory of the repository, so prose like `dataset/` or
    /// `ORG/trainer` is not taken for a link.
    static func commentPaths(in yaml: String, topLevel: Set<String>) -> [String] {
        yaml.split(separator: "\n").flatMap { line -> [String] in
            guard let hash = line.firstIndex(of: "#"), line[..<hash].allSatisfy(\.isWhitespace) else { return [] }
            return line[line.index(after: hash)...].split(whereSeparator: { $0.isWhitespace || "()`'\",;".contains($0) })
                .map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: ".:")) }
                .filter { word in
                    let parts = word.split(separator: "/", omittingEmptySubsequences: false)
                    return parts.count > 1 && topLevel.contains(String(parts[0])) && !word.contains(where: { "{}*$<>".contains($0) })
                }
        }
    }

    static func files(in directory: String, withExtension ext: String) throws -> [URL] {
        let url = packageRoot.appendingPathComponent(directory)
        return try FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == ext }.sorted { $0.path < $1.path }
    }

    /// Every link of every page, as "page: target" for each one that does not resolve.
    static func brokenLinks() throws -> (checked: Int, broken: [String]) {
        var checked = 0
        var broken: [String] = []
        let pages = [packageRoot.appendingPathComponent("README.md")] + (try files(in: "docs", withExtension: "md"))
        for page in pages {
            for target in markdownTargets(in: try String(contentsOf: page, encoding: .utf8)) {
                guard let path = repositoryPath(target) else { continue }
                checked += 1
                let resolved = page.deletingLastPathComponent().appendingPathComponent(path).standardizedFileURL
                if !FileManager.default.fileExists(atPath: resolved.path) || !resolved.path.hasPrefix(packageRoot.standardizedFileURL.path) {
                    broken.append("\(page.lastPathComponent): \(target)")
                }
            }
        }
        let topLevel = Set(try FileManager.default.contentsOfDirectory(atPath: packageRoot.path).filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: packageRoot.appendingPathComponent(name).path, isDirectory: &isDirectory) && isDirectory.boolValue
                && !name.hasPrefix(".")
        })
        for workflow in try files(in: "pipelines", withExtension: "yml") {
            for path in commentPaths(in: try String(contentsOf: workflow, encoding: .utf8), topLevel: topLevel) {
                checked += 1
                if !FileManager.default.fileExists(atPath: packageRoot.appendingPathComponent(path).path) {
                    broken.append("\(workflow.lastPathComponent): \(path)")
                }
            }
        }
        return (checked, broken)
    }

    @Test func everyRelativeLinkInTheREADMETheDocsAndTheWorkflowCommentsResolves() throws {
        let (checked, broken) = try Self.brokenLinks()
        #expect(checked >= 10, "found only \(checked) links: is the link pattern still right?")
        #expect(broken.isEmpty, "links to files that do not exist:\n\(broken.joined(separator: "\n"))")
    }

    @Test func theLinkFinderSeesInlineImageAndReferenceLinksButNotURLsOrAnchors() {
        let text = """
            See [the rules](mining-rules.md#split), ![chart](report.png "The report"), [site](https://example.com),
            [top](#quick-start) and [ref].

            [ref]: ../README.md
            """
        let paths = Self.markdownTargets(in: text).compactMap(Self.repositoryPath)
        #expect(paths == ["mining-rules.md", "report.png", "../README.md"])
        let yaml = "# see docs/pipelines.md, and copy to .github/workflows/ or ORG/trainer\nrun: echo docs/x.md # not a comment line\n"
        #expect(Self.commentPaths(in: yaml, topLevel: ["docs", "pipelines"]) == ["docs/pipelines.md"])
    }
}
