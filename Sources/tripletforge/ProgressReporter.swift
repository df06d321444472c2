import Foundation
import TripletForge

/// Turns the library's ``BuildProgress`` callbacks into a live line on a terminal (rows, rate,
/// ETA, redrawn at most 10 times a second) or into plain log lines elsewhere (GitHub Actions):
/// one every 10 seconds and one when a phase ends.
///
///     reading  123,456 records  41,200/s  ETA 0:12
///     writing   80,000/304,000 rows  26%  95,000/s  ETA 0:02
final class ProgressReporter: @unchecked Sendable {
    let live: Bool
    private let lock = NSLock()
    /// Reading starts when the reporter is made; writing when reading ends.
    private var phaseStart: [BuildProgress.Phase: Date]
    private var lastDraw = Date.distantPast

    init(live: Bool) {
        self.live = live
        phaseStart = [.reading: Date()]
    }

    var handler: BuildProgress.Handler { { [self] progress in report(progress) } }

    func report(_ progress: BuildProgress) {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        let start = phaseStart[progress.phase] ?? { phaseStart[progress.phase] = now; return now }()
        let finished = progress.total == progress.done
        if finished && progress.phase == .reading { phaseStart[.writing] = now }
        let elapsed = max(now.timeIntervalSince(start), 0.001)
        let rate = Double(progress.done) / elapsed
        let unit = progress.phase == .reading ? "records" : "rows"
        var text = "\(progress.phase.rawValue) \(Self.grouped(progress.done))"
        if let total = progress.total, progress.phase == .writing, total > 0 {
            text += "/\(Self.grouped(total)) \(unit)  \(progress.done * 100 / total)%"
        } else {
            text += " \(unit)"
        }
        text += "  \(Self.grouped(Int(rate)))/s"
        if !finished, let total = progress.total, rate > 0, total > progress.done {
            text += "  ETA \(Self.clock(Double(total - progress.done) / rate))"
        } else if finished {
            text += "  in \(Self.clock(elapsed))"
        }
        if live {
            guard finished || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
            lastDraw = now
            if finished { Console.endProgress(); Console.log.info("\(text)") } else { Console.writeProgress(text) }
        } else if finished || now.timeIntervalSince(lastDraw) >= 10 {
            lastDraw = now
            Console.log.info("\(text)")
        }
    }

    static func grouped(_ value: Int) -> String {
        let digits = String(value)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return out
    }

    static func clock(_ seconds: Double) -> String {
        if seconds < 10 { return String(format: "%.1fs", seconds) }
        let total = Int(seconds.rounded(.up))
        return total >= 3600 ? String(format: "%d:%02d:%02d", total / 3600, total / 60 % 60, total % 60) : String(format: "%d:%02d", total / 60, total % 60)
    }
}
