import Foundation
import Testing
@testable import TripletForge

/// The retrain workflow's PostgreSQL option, its steps run as written (see WorkflowStepsTests).
@Suite("PostgreSQL workflow", .serialized)
struct PostgresWorkflowTests {
    @Test func theSnapshotStepHandsAServiceSecretToTheBuildWithoutPuttingThePasswordOnACommandLine() throws {
        let server = try PostgresServer.fromEnvironment()
        let database = try server.database(copying: interactionsFixture)
        let reader = try #require(URLComponents(string: database.readerURL))
        let service = """
            [tripletforge]
            host=\(reader.queryItems?.first { $0.name == "host" }?.value ?? "")
            port=\(reader.queryItems?.first { $0.name == "port" }?.value ?? "5432")
            dbname=\(database.name)
            user=\(reader.user ?? "")
            password=\(reader.password ?? "")
            """
        let runner = try WorkflowStepsTests.Runner()
        let snapshot = runner.runnerTemp.appendingPathComponent("snapshot.sqlite").path
        let fetch = try runner.run(WorkflowStepsTests.retrain, step: "fetch-snapshot", expressions: [
            "SNAPSHOT_URL": "", "PG_SERVICE": service, "DATABASE_PATH": "", "SNAPSHOT": snapshot])
        #expect(fetch.status == 0, "\(fetch.stderr)")
        var exported: [String: String] = [:]
        for line in fetch.githubEnv.split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            exported[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        #expect(exported["TRIPLETFORGE_DB"] == "postgres:" && exported["PGSERVICE"] == "tripletforge")
        #expect(!fetch.githubEnv.contains(reader.password ?? "-"))
        let serviceFile = try #require(exported["PGSERVICEFILE"])
        let mode = try FileManager.default.attributesOfItem(atPath: serviceFile)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let dataset = runner.runnerTemp.appendingPathComponent("dataset")
        let build = try runner.run(WorkflowStepsTests.retrain, step: "build-dataset",
                                   expressions: ["SNAPSHOT": snapshot, "DATASET": dataset.path], extra: exported)
        #expect(build.status == 0, "\(build.stderr)")
        #expect(try Manifest.read(from: dataset).input.server?.database == database.name)
        let sqlite = try TemporaryDirectory()
        #expect(try cliBuild(interactionsFixture.path, into: sqlite.url).status == 0)
        try expectSameDataset(dataset, sqlite.url)
    }
}
