/// Every default of the settings in this folder, written once.
///
/// A default used to be written twice — as the property's initial value and again in
/// `init(from:)` — and a third time in the CLI's help, so changing one could leave the others
/// behind. Now `init()` below is the only place a default value is written: decoding falls back to
/// `Self()` for a key the file leaves out, the CLI's help interpolates `Self()`'s values, and
/// `tripletforge init` and `docs/configuration.md` are generated from it.
extension OutputSettings {
    public init() {
        rowsPerShard = 100_000
        compressionLevel = 6
        format = .triplet
        negativesPerRow = 4
        softLabels = false
    }
}

extension InputSettings {
    public init() {
        maxRejectRatio = 0.05
        excludedAdminLabels = ["duplicate", "invalid", "spam", "test"]
    }
}

extension SplitPolicy {
    public init() {
        validationFraction = 0.05
        seed = "tripletforge"
    }
}

extension CheckPolicy {
    public init() {
        minNewTriplets = 1_000
        minNewQueryGroups = 256
        maxAgeDays = 30
    }
}

extension MiningPolicy {
    public init() {
        uncitedPositive = .topLeaf
        confidence = 0.9
        negativeRankSkip = 0
        falseNegativeScoreMargin = 0.05
        maxNegativesPerPositive = 5
        maxTripletsPerGroup = 50
        nearDuplicateSimilarity = 0.8
        deliveryOnlyCategories = FeedbackCategory.deliveryOnly.map(\.rawValue).sorted()
    }
}

extension PrivacySettings {
    public init() {
        redact = true
        passages = .secrets
    }
}
