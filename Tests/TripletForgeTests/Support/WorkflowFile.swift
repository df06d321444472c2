import Foundation

/// The `run:` steps of a GitHub Actions workflow, read from the YAML as written, so tests execute
/// exactly what CI executes.
///
/// Not a YAML parser: it understands the shape the pipelines/ workflows keep to (a step's `id:`,
/// a block-mapping `env:` of plain scalars, and a `run: |` literal block), and fails loudly on
/// anything else, so a workflow edited out of that shape breaks the test instead of skipping it.
struct WorkflowFile {
    struct Step {
        var id: String
        var env: [(key: String, value: String)]
        var run: String
    }

    let path: URL
    let lines: [Substring]

    init(_ path: URL) throws {
        self.path = path
        lines = try String(contentsOf: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
    }

    static func indent(_ line: Substring) -> Int { line.prefix { $0 == " " }.count }

    func step(id: String) throws -> Step {
        guard let idLine = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "- ", with: "") == "id: \(id)" }) else {
            throw TestError("\(path.lastPathComponent): no step with id \(id)")
        }
        let idIndent = Self.indent(lines[idLine])
        let keyIndent = lines[idLine].dropFirst(idIndent).hasPrefix("- ") ? idIndent + 2 : idIndent
        // The step's keys: from the line starting the step ("- ") to the next line at a lower indent.
        var start = idLine
        while start > 0, !lines[start].drop(while: { $0 == " " }).hasPrefix("- ") { start -= 1 }
        var end = idLine + 1
        while end < lines.count {
            let line = lines[end]
            if !line.trimmingCharacters(in: .whitespaces).isEmpty, Self.indent(line) < keyIndent { break }
            end += 1
        }
        var env: [(String, String)] = []
        var run: String?
        var index = start
        while index < end {
            let line = lines[index]
            let key = line.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "- ", with: "")
            if key == "env:" {
                index += 1
                while index < end, Self.indent(lines[index]) > keyIndent {
                    let entry = lines[index].trimmingCharacters(in: .whitespaces)
                    guard let colon = entry.firstIndex(of: ":") else { throw TestError("\(id): cannot read env line \(entry)") }
                    env.append((String(entry[..<colon]), entry[entry.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
                    index += 1
                }
                continue
            }
            if key == "run: |" {
                index += 1
                var block: [Substring] = []
                while index < end, lines[index].trimmingCharacters(in: .whitespaces).isEmpty || Self.indent(lines[index]) > keyIndent {
                    block.append(lines[index])
                    index += 1
                }
                let blockIndent = block.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map(Self.indent).min() ?? 0
                run = block.map { $0.count >= blockIndent ? String($0.dropFirst(blockIndent)) : "" }.joined(separator: "\n")
                continue
            } else if key.hasPrefix("run:") {
                throw TestError("\(id): write `run: |` as a literal block")
            }
            index += 1
        }
        guard let run else { throw TestError("\(path.lastPathComponent): step \(id) has no `run: |` block") }
        return Step(id: id, env: env, run: run)
    }
}
