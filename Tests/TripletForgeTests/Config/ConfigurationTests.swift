import Testing
@testable import TripletForge

@Suite("Configuration file")
struct ConfigurationTests {
    @Test func everySectionIsOptionalAndOverridesDefaults() throws {
        let configuration = try Configuration.parse("""
        [mining]
        uncited_positive = "none"
        max_negatives_per_positive = 8
        confidence = 0.75
        [split]
        validation_fraction = 0.1
        [output]
        rows_per_shard = 5000
        [check]
        min_new_query_groups = 100
        max_age_days = 0
        """)
        #expect(configuration.build.mining.uncitedPositive == .none)
        #expect(configuration.build.mining.maxNegativesPerPositive == 8)
        #expect(configuration.build.mining.confidence == 0.75)
        #expect(configuration.build.mining.maxTripletsPerGroup == MiningPolicy().maxTripletsPerGroup)
        #expect(configuration.build.split.validationFraction == 0.1)
        #expect(configuration.build.output.rowsPerShard == 5000)
        #expect(configuration.check.minNewQueryGroups == 100)
        #expect(configuration.check.maxAgeDays == 0)
        #expect(configuration.check.minNewTriplets == CheckPolicy().minNewTriplets)
        #expect(try Configuration.parse("") == Configuration())
    }

    @Test func aWholeNumberIsAcceptedWhereAFractionGoes() throws {
        let configuration = try Configuration.parse("""
        [mining]
        near_duplicate_similarity = 0
        false_negative_score_margin = 0
        [input]
        max_reject_ratio = 1
        """)
        #expect(configuration.build.mining.nearDuplicateSimilarity == 0)
        #expect(configuration.build.mining.falseNegativeScoreMargin == 0)
        #expect(configuration.build.input.maxRejectRatio == 1)
    }

    @Test(arguments: [
        ("[minning]\nx = 1", "unknown section [minning]"),
        ("[mining]\nmax_negatives = 3", "unknown key `max_negatives` in [mining]"),
        ("[mining]\nconfidence = 0.5", "confidence must be in (0.5, 1)"),
        ("[mining]\nmin_votes = 2", "`min_votes` in [mining] was replaced by `confidence`"),
        ("[mining]\nmin_vote_share = 0.7", "docs/evidence-model.md"),
        ("[split]\nvalidation_fraction = 1.5", "validation_fraction must be in [0, 1)"),
        ("[output]\ncompression_level = 12", "compression_level must be 1…9"),
        ("[mining]\nuncited_positive = \"sometimes\"", "config"),
        ("[mining\n", "config:"),
    ])
    func mistakesAreErrorsThatNameTheKey(toml: String, message: String) {
        #expect { _ = try Configuration.parse(toml) } throws: { "\($0)".contains(message) }
    }
}
