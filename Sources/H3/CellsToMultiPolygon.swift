extension H3 {
    /// The outline of a set of cells as polygons with holes (h3's `cellsToMultiPolygon`).
    ///
    /// Shared edges between cells cancel; the remaining edges are chained into rings. Rings that run
    /// counter-clockwise are outer rings; clockwise ones are holes, assigned to the outer ring that
    /// contains them. Cells must share one resolution.
    public static func cellsToMultiPolygon(_ cells: some Sequence<H3Cell>) throws(H3Error) -> [GeoPolygon] {
        let unique = Set(cells)
        guard let first = unique.first else { return [] }
        guard unique.allSatisfy({ $0.resolution == first.resolution }) else { throw .mixedOrDuplicateInput }

        // Vertices shared by neighbouring cells are computed identically up to rounding: key them on a grid.
        func key(_ p: LatLng) -> VertexKey {
            var lng = p.longitude
            if lng <= -180 + 1e-9 { lng += 360 }
            return VertexKey(lat: Int64((p.latitude * 1e9).rounded()), lng: Int64((lng * 1e9).rounded()))
        }
        var edges: [VertexKey: [(to: VertexKey, from: LatLng)]] = [:]
        var edgeSet = Set<[VertexKey]>()
        for cell in unique {
            let ring = cell.boundary
            for i in ring.indices {
                let a = ring[i], b = ring[(i + 1) % ring.count]
                let ka = key(a), kb = key(b)
                if edgeSet.remove([kb, ka]) != nil { continue }  // the neighbour has the same edge reversed
                edgeSet.insert([ka, kb])
                edges[ka, default: []].append((kb, a))
            }
        }
        var remaining: [VertexKey: [(to: VertexKey, from: LatLng)]] = [:]
        for (from, list) in edges {
            let kept = list.filter { edgeSet.contains([from, $0.to]) }
            if !kept.isEmpty { remaining[from] = kept }
        }

        // Chain edges into rings.
        var rings: [[LatLng]] = []
        while let start = remaining.keys.first {
            var ring: [LatLng] = []
            var current = start
            while var list = remaining[current], let edge = list.popLast() {
                remaining[current] = list.isEmpty ? nil : list
                ring.append(edge.from)
                current = edge.to
                if current == start { break }
            }
            if ring.count >= 3 { rings.append(ring) }
        }

        // Orientation by the shoelace sum in degrees (longitudes unwrapped across the antimeridian).
        func signedArea(_ ring: [LatLng]) -> Double {
            var sum = 0.0
            var previous = ring[0].longitude
            var unwrapped = [previous]
            for p in ring.dropFirst() {
                var lng = p.longitude
                while lng - previous > 180 { lng -= 360 }
                while lng - previous < -180 { lng += 360 }
                unwrapped.append(lng)
                previous = lng
            }
            for i in ring.indices {
                let j = (i + 1) % ring.count
                sum += unwrapped[i] * ring[j].latitude - unwrapped[j] * ring[i].latitude
            }
            return sum / 2
        }
        var outers: [GeoPolygon] = []
        var holes: [[LatLng]] = []
        for ring in rings {
            if signedArea(ring) >= 0 { outers.append(GeoPolygon(outer: ring)) } else { holes.append(ring) }
        }
        for hole in holes {
            let probe = hole[0]
            let target = outers.indices.first { i in
                PreparedPolygon(GeoPolygon(outer: outers[i].outer))
                    .contains(lat: degreesToRadians(probe.latitude), lng: degreesToRadians(probe.longitude) - 1e-12)
            } ?? (outers.isEmpty ? nil : 0)
            if let t = target { outers[t].holes.append(hole) }
        }
        return outers
    }
}

/// A vertex rounded to 1e-9°, so the copies of a shared vertex in two cells meet.
private struct VertexKey: Hashable {
    let lat: Int64
    let lng: Int64
}
