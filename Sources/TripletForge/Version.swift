public enum TripletForgeVersion { public static let current = "0.1.0" }
