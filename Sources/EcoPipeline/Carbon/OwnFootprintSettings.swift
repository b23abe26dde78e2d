import EcoCarbon

/// How EcoTrack estimates the footprint of its own compute (docs/carbon.md, "EcoTrack's own footprint").
public struct OwnFootprintSettings: Sendable, Equatable {
    /// The organization the server's own `compute` activities belong to.
    public var organization = "ecotrack"
    /// Grid region whose intensity applies (a country `FR`, an eGRID subregion `US-CAMX`, a cloud region
    /// `gcp:europe-west1`); `WORLD` is the world average (flagged as a fallback for a more specific region).
    public var region = "WORLD"
    /// Average power per CPU in watts, and the data centre's PUE: the compute accounting's named defaults.
    public var wattsPerCPU = ComputeActivity.defaultWattsPerCPU
    public var pue = ComputeActivity.defaultPUE
    /// How often the CPU time of the period is recorded as an activity, in seconds; 0 records none (metrics stay).
    public var recordSeconds = 3600

    public init() {}
}
