/// Single-precision matrix product C = act(A·B + bias), cache-blocked in the manner of Goto & van de Geijn
/// ("Anatomy of high-performance matrix multiplication", ACM TOMS 2008): A (the constant weights) is packed
/// once into panels of `mr` rows; B is packed per block into panels of `nr` columns; a 6×nr register tile
/// of SIMD accumulators (SIMD8 with AVX2, SIMD16 with AVX-512) does the arithmetic with fused multiply-add.
enum GEMM {
    #if ECOTRACK_AVX512
    /// One AVX-512 register of floats (built with ECOTRACK_CPU set to an AVX-512 CPU, see Package.swift).
    typealias Lane = SIMD16<Float>
    #else
    /// One AVX2 register of floats.
    typealias Lane = SIMD8<Float>
    #endif
    static let laneWidth = Lane.scalarCount
    static let mr = 6, nr = 2 * laneWidth
    /// Block sizes: a K×nr panel of B (16 or 32 KB) stays in L1, an mc×kc block of A (96 KB) in L2.
    static let kc = 256, mc = 96, nc = 256

    /// C[rows × n] = act(A[rows × depth] · B[depth × n] + bias[row]); B and C are row-major with
    /// leading dimensions `ldb` and `ldc`.
    static func multiply(
        _ a: PackedWeights, b: UnsafePointer<Float>, ldb: Int, n: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int, bias: UnsafePointer<Float>?, activation: Activation, threads: Int
    ) {
        activation.dispatch(Product(a: a, b: b, ldb: ldb, n: n, c: c, ldc: ldc, bias: bias, threads: threads))
    }

    /// One `multiply`, specialised for its activation.
    private struct Product: EpilogueKernel {
        let a: PackedWeights
        let b: UnsafePointer<Float>, ldb: Int, n: Int
        let c: UnsafeMutablePointer<Float>, ldc: Int
        let bias: UnsafePointer<Float>?
        let threads: Int

        func run<E: Epilogue>(_ epilogue: E) {
            if n == 1 { return vector(epilogue) }
            let a = a, n = n, ldb = ldb, ldc = ldc
            let mBlocks = (a.rows + mc - 1) / mc
            let nBlocks = (n + nc - 1) / nc
            let shared = UncheckedBox((b, c, bias))
            a.data.withUnsafeBufferPointer { aBuffer in
                let aBase = UncheckedBox(aBuffer.baseAddress!)
                parallelFor(mBlocks * nBlocks, threads: threads) { task in
                    let (b, c, bias) = shared.value
                    let mBlock = task / nBlocks, nBlock = task % nBlocks
                    let j0 = nBlock * nc, columns = Swift.min(nc, n - j0)
                    let r0 = mBlock * mc, blockRows = Swift.min(mc, a.rows - r0)
                    let panels = (columns + nr - 1) / nr
                    let packed = UnsafeMutablePointer<Float>.allocate(capacity: kc * panels * nr)
                    defer { packed.deallocate() }
                    var k0 = 0
                    while k0 < a.depth {
                        let depth = Swift.min(kc, a.depth - k0)
                        packB(b + k0 * ldb + j0, ldb: ldb, depth: depth, columns: columns, into: packed)
                        let first = k0 == 0, last = k0 + depth == a.depth
                        for q in 0..<panels {
                            let cols = Swift.min(nr, columns - q * nr)
                            var r = 0
                            while r < blockRows {
                                let row = r0 + r
                                let rows = Swift.min(mr, blockRows - r)
                                let aPanel = aBase.value + (row / mr) * mr * a.depth + k0 * mr
                                kernel(
                                    aPanel, packed + q * depth * nr, depth: depth,
                                    c: c + row * ldc + j0 + q * nr, ldc: ldc, rows: rows, cols: cols,
                                    bias: first ? bias.map { $0 + row } : nil, accumulate: !first,
                                    epilogue: epilogue, last: last)
                                r += mr
                            }
                        }
                        k0 += depth
                    }
                }
            }
        }

        /// B of one column (a 1×1 convolution of a 1×1 image, as in squeeze-and-excitation): a matrix-vector
        /// product over A's panels, 6 rows in the lanes of a register, instead of tiles 16 columns wide of which
        /// 15 would be padding. Two accumulators take alternate k, so the additions do not wait on each other.
        func vector<E: Epilogue>(_ epilogue: E) {
            a.data.withUnsafeBufferPointer { aBuffer in
                for panel in 0..<(a.rows + mr - 1) / mr {
                    let pa = UnsafeRawPointer(aBuffer.baseAddress! + panel * mr * a.depth)
                    var even = SIMD8<Float>(), odd = SIMD8<Float>(), k = 0
                    while k + 2 <= a.depth {
                        even.addProduct(pa.loadUnaligned(fromByteOffset: k * mr * 4, as: SIMD8<Float>.self), SIMD8(repeating: b[k * ldb]))
                        odd.addProduct(pa.loadUnaligned(fromByteOffset: (k + 1) * mr * 4, as: SIMD8<Float>.self), SIMD8(repeating: b[(k + 1) * ldb]))
                        k += 2
                    }
                    if k < a.depth { even.addProduct(pa.loadUnaligned(fromByteOffset: k * mr * 4, as: SIMD8<Float>.self), SIMD8(repeating: b[k * ldb])) }
                    let sum = even + odd
                    for lane in 0..<Swift.min(mr, a.rows - panel * mr) {
                        let row = panel * mr + lane
                        c[row * ldc] = epilogue.apply(sum[lane] + (bias?[row] ?? 0))
                    }
                }
            }
        }
    }

    /// Copies B[depth × columns] into panels of `nr` columns (K-major inside a panel), padding with zeros.
    @inline(__always)
    static func packB(_ b: UnsafePointer<Float>, ldb: Int, depth: Int, columns: Int, into out: UnsafeMutablePointer<Float>) {
        var q = 0, j = 0
        while j < columns {
            let width = Swift.min(nr, columns - j)
            let panel = out + q * depth * nr
            if width == nr {
                for k in 0..<depth {
                    let src = UnsafeRawPointer(b + k * ldb + j), dst = UnsafeMutableRawPointer(panel + k * nr)
                    dst.storeBytes(of: src.loadUnaligned(as: Lane.self), as: Lane.self)
                    dst.storeBytes(of: src.loadUnaligned(fromByteOffset: laneWidth * 4, as: Lane.self), toByteOffset: laneWidth * 4, as: Lane.self)
                }
            } else {
                for k in 0..<depth {
                    for x in 0..<nr { panel[k * nr + x] = x < width ? b[k * ldb + j + x] : 0 }
                }
            }
            j += nr
            q += 1
        }
    }

    /// One 6×nr tile: acc = Σ_k a[k]·b[k]; then C = acc (+ bias) or C += acc; then, on the `last` block of the
    /// depth, the activation.
    @inline(__always)
    static func kernel<E: Epilogue>(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, depth: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int, rows: Int, cols: Int,
        bias: UnsafePointer<Float>?, accumulate: Bool, epilogue: E, last: Bool
    ) {
        var c00 = Lane(), c01 = Lane(), c10 = Lane(), c11 = Lane()
        var c20 = Lane(), c21 = Lane(), c30 = Lane(), c31 = Lane()
        var c40 = Lane(), c41 = Lane(), c50 = Lane(), c51 = Lane()
        var pa = a, pb = UnsafeRawPointer(b)
        let half = laneWidth * 4
        for _ in 0..<depth {
            let b0 = pb.loadUnaligned(as: Lane.self)
            let b1 = pb.loadUnaligned(fromByteOffset: half, as: Lane.self)
            var s = Lane(repeating: pa[0])
            c00.addProduct(s, b0); c01.addProduct(s, b1)
            s = Lane(repeating: pa[1])
            c10.addProduct(s, b0); c11.addProduct(s, b1)
            s = Lane(repeating: pa[2])
            c20.addProduct(s, b0); c21.addProduct(s, b1)
            s = Lane(repeating: pa[3])
            c30.addProduct(s, b0); c31.addProduct(s, b1)
            s = Lane(repeating: pa[4])
            c40.addProduct(s, b0); c41.addProduct(s, b1)
            s = Lane(repeating: pa[5])
            c50.addProduct(s, b0); c51.addProduct(s, b1)
            pa += mr
            pb += nr * 4
        }
        storeRow(c00, c01, c, 0, cols: cols, bias: bias, accumulate: accumulate, epilogue: epilogue, last: last)
        if rows > 1 { storeRow(c10, c11, c + ldc, 1, cols: cols, bias: bias, accumulate: accumulate, epilogue: epilogue, last: last) }
        if rows > 2 { storeRow(c20, c21, c + 2 * ldc, 2, cols: cols, bias: bias, accumulate: accumulate, epilogue: epilogue, last: last) }
        if rows > 3 { storeRow(c30, c31, c + 3 * ldc, 3, cols: cols, bias: bias, accumulate: accumulate, epilogue: epilogue, last: last) }
        if rows > 4 { storeRow(c40, c41, c + 4 * ldc, 4, cols: cols, bias: bias, accumulate: accumulate, epilogue: epilogue, last: last) }
        if rows > 5 { storeRow(c50, c51, c + 5 * ldc, 5, cols: cols, bias: bias, accumulate: accumulate, epilogue: epilogue, last: last) }
    }

    @inline(__always)
    static func storeRow<E: Epilogue>(
        _ lo: Lane, _ hi: Lane, _ row: UnsafeMutablePointer<Float>, _ r: Int,
        cols: Int, bias: UnsafePointer<Float>?, accumulate: Bool, epilogue: E, last: Bool
    ) {
        var lo = lo, hi = hi
        if let bias { lo += bias[r]; hi += bias[r] }
        if cols == nr {
            let raw = UnsafeMutableRawPointer(row)
            if accumulate {
                lo += raw.loadUnaligned(as: Lane.self)
                hi += raw.loadUnaligned(fromByteOffset: laneWidth * 4, as: Lane.self)
            }
            if last { lo = epilogue.apply(lo); hi = epilogue.apply(hi) }
            raw.storeBytes(of: lo, as: Lane.self)
            raw.storeBytes(of: hi, toByteOffset: laneWidth * 4, as: Lane.self)
        } else {
            for x in 0..<cols {
                var v = x < laneWidth ? lo[x] : hi[x - laneWidth]
                if accumulate { v += row[x] }
                row[x] = last ? epilogue.apply(v) : v
            }
        }
    }
}

/// A constant matrix (weights) [rows × depth] packed once into panels of `GEMM.mr` rows, zero-padded.
struct PackedWeights: Sendable {
    let rows: Int
    let depth: Int
    let data: [Float]
    static let vectorSlack = 8

    /// Packs `rows × depth` values read as `source[r * rowStride + k * depthStride]`.
    init(rows: Int, depth: Int, source: UnsafePointer<Float>, rowStride: Int, depthStride: Int = 1) {
        self.rows = rows
        self.depth = depth
        let panels = (rows + GEMM.mr - 1) / GEMM.mr
        // `vectorSlack` zeros at the end: the matrix-vector product loads 8 floats from the last k's 6.
        var data = [Float](repeating: 0, count: panels * GEMM.mr * depth + PackedWeights.vectorSlack)
        data.withUnsafeMutableBufferPointer { out in
            for r in 0..<rows {
                let panel = r / GEMM.mr, lane = r % GEMM.mr
                for k in 0..<depth { out[panel * GEMM.mr * depth + k * GEMM.mr + lane] = source[r * rowStride + k * depthStride] }
            }
        }
        self.data = data
    }
}
