extension KeyedDecodingContainer {
    /// A real-valued setting, accepting a whole number too.
    ///
    /// TOML keeps integers and floats apart, so `near_duplicate_similarity = 1` or `false_negative_score_margin = 0`
    /// would otherwise fail with "a Double does not exist" — yet that is what people write.
    func decodeNumberIfPresent(forKey key: Key) throws -> Double? {
        guard contains(key) else { return nil }
        if let whole = try? decode(Int.self, forKey: key) { return Double(whole) }
        return try decode(Double.self, forKey: key)
    }
}
