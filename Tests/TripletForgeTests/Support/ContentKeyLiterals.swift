@testable import TripletForge

// Tests only: small literal keys (`TripletKey(group: 7, positive: 1, negative: 2)`) read better
// than `QueryGroupKey(rawValue: 7)`. The library gives no key a literal conformance, so a bare
// number never passes for a key outside tests.
extension ContentKey: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: UInt64) { self.init(rawValue: value) }
}
