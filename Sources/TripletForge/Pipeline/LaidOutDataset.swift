/// The mined triplets as the dataset will hold them: rows of the chosen format, by split, and the
/// content index the threshold check compares against.
struct LaidOutDataset {
    let rowsBySplit: [DatasetSplit: [FormatRow]]
    /// The pairings behind the rows, by split (a row of a list format holds several).
    let tripletsBySplit: [DatasetSplit: [TripletKey]]
    /// Pairings the row shape set aside, with the miner's drops.
    let dropped: ReasonCounts
    let index: ContentIndex
    let indexBytes: [UInt8]

    init(_ mined: MiningResult, settings: BuildSettings) {
        var splitOf: [QueryGroupKey: DatasetSplit] = [:]
        for labels in mined.labels { splitOf[labels.group] = settings.split.split(ofGroup: labels.group) }
        var dropped = mined.dropped
        var rows = settings.output.format.shape(negatives: settings.output.negativesPerRow).rows(of: mined, dropped: &dropped)
        if settings.output.softLabels, let kept = mined.kept {
            for index in rows.indices {
                let row = rows[index]
                // Every passage of a row is a kept pair, with a relevance; 1/0 is only a fallback.
                rows[index].relevance = zip(row.passages, row.positive).map { passage, positive in
                    kept.cell(group: row.group, chunk: passage)?.relevance.nilIfNaN ?? (positive ? 1 : 0)
                }
            }
        }
        rowsBySplit = Dictionary(grouping: rows, by: { splitOf[$0.group]! })
        tripletsBySplit = rowsBySplit.mapValues { $0.flatMap(\.triplets) }
        self.dropped = dropped
        index = ContentIndex(triplets: rows.flatMap(\.triplets))
        indexBytes = index.encoded()
    }

    /// `value` of each split, keyed by the split's name, as the manifest counts them.
    func perSplit(_ value: (DatasetSplit) -> Int) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: DatasetSplit.allCases.map { ($0.rawValue, value($0)) })
    }
}

extension Double {
    var nilIfNaN: Double? { isNaN ? nil : self }
}
