import TripletForge

/// The config loader: any text either loads or throws `TripletForgeError` (a clear message, exit
/// 2), never another error or a crash; what loads passes its own validation.
enum ConfigTarget {
    static func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        let text = String(decoding: bytes, as: UTF8.self)
        do {
            let configuration = try Configuration.parse(text, source: "fuzz.toml")
            do {
                try configuration.build.validate()
                try configuration.check.validate()
            } catch {
                require(false, "a loaded config fails validation: \(error)")
            }
        } catch is TripletForgeError {
        } catch {
            require(false, "threw \(type(of: error)), not TripletForgeError: \(error)")
        }
    }
}
