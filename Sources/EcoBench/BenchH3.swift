import ArgumentParser
import EcoCore
import Foundation
import H3

/// `ecotrack bench h3`: calls per second of latLngToCell, cellToLatLng and cellToBoundary on one core (bench/h3.sh).
struct BenchH3: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "h3",
        abstract: "Calls per second of latLngToCell, cellToLatLng and cellToBoundary at res 0, 9 and 15 (one core)."
    )

    @Option(help: "Number of random points (uniform on the sphere, fixed seed).") var points: Int = 200_000
    @Option(help: "Repetitions; the best is reported.") var repeats: Int = 5
    @Option(help: "Write the points as lat,lng lines to this file (for h3-py in bench/h3.sh) and exit.") var writePoints: String?
    @Option(help: "Warm up (10,000 calls at res 0-15), then run N more latLngToCell calls at res 9; for counting allocations under valgrind.")
    var allocationProbe: Int?

    func run() throws {
        let (lats, lngs) = BenchH3.randomPoints(points)
        if let path = writePoints {
            let text = zip(lats, lngs).map { "\($0),\($1)" }.joined(separator: "\n") + "\n"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        if let calls = allocationProbe {
            var acc: UInt64 = 0
            // Warm-up: one-time lazy initialisation of the tables allocates; the steady state must not.
            for i in 0..<10_000 { acc &+= H3.latLngToCellIndex(latitude: lats[i % lats.count], longitude: lngs[i % lngs.count], resolution: i % 16) }
            for i in 0..<calls { acc &+= H3.latLngToCellIndex(latitude: lats[i % lats.count], longitude: lngs[i % lngs.count], resolution: 9) }
            print("checksum \(acc)")
            return
        }
        print("operation,resolution,calls_per_second_cpu,calls_per_second_wall")
        for res in [0, 9, 15] {
            let encode = BenchH3.best(repeats, count: lats.count) { i in
                H3.latLngToCellIndex(latitude: lats[i], longitude: lngs[i], resolution: res)
            }
            print("latLngToCell,\(res),\(Int(encode.cpu)),\(Int(encode.wall))")
            let cells = (0..<min(lats.count, 50_000)).map {
                H3Cell(unchecked: H3.latLngToCellIndex(latitude: lats[$0], longitude: lngs[$0], resolution: res))
            }
            let center = BenchH3.best(repeats, count: cells.count) { i in cells[i].center.latitude.bitPattern }
            print("cellToLatLng,\(res),\(Int(center.cpu)),\(Int(center.wall))")
            let boundary = BenchH3.best(repeats, count: cells.count) { i in UInt64(cells[i].boundary.count) }
            print("cellToBoundary,\(res),\(Int(boundary.cpu)),\(Int(boundary.wall))")
        }
    }

    /// Uniform points on the sphere from a fixed-seed 64-bit LCG (reproducible across runs).
    static func randomPoints(_ n: Int) -> ([Double], [Double]) {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        var lats: [Double] = [], lngs: [Double] = []
        for _ in 0..<n {
            lats.append(asin(next() * 2 - 1) * 180 / .pi)
            lngs.append(next() * 360 - 180)
        }
        return (lats, lngs)
    }

    /// Best calls per second over `repeats` runs, by thread CPU time (robust when other processes
    /// share the cores) and by wall time.
    static func best(_ repeats: Int, count: Int, _ body: (Int) -> UInt64) -> (cpu: Double, wall: Double) {
        var bestCPU = 0.0, bestWall = 0.0
        var sink: UInt64 = 0
        for _ in 0..<max(1, repeats) {
            let c0 = threadCPUSeconds(), w0 = DispatchTime.now().uptimeNanoseconds
            for i in 0..<count { sink &+= body(i) }
            let cpu = threadCPUSeconds() - c0, wall = Double(DispatchTime.now().uptimeNanoseconds - w0) * 1e-9
            bestCPU = max(bestCPU, Double(count) / cpu)
            bestWall = max(bestWall, Double(count) / wall)
        }
        if sink == 42 { print("") }  // keeps the work observable
        return (bestCPU, bestWall)
    }

    static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }
}
