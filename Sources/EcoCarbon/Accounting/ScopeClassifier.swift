/// Decides the reporting scope and Scope 3 category of an activity the client did not classify.
///
/// Own operations (no supplier): transport and combustion by owned sources and refrigerant
/// leaks are Scope 1; purchased electricity, steam, heat and cooling are Scope 2; cloud computing
/// is a purchased service, Scope 3 category 1. A supplier's activity is Scope 3: its transport is
/// category 4 (upstream transportation), or 9 when marked downstream; anything else it does for
/// the organization is category 1 (purchased goods and services).
public enum ScopeClassifier {
    public static func classify(_ activity: Activity) -> (scope: Scope, category: Scope3Category?) {
        if let scope = activity.scope { return (scope, scope == .scope3 ? activity.category ?? defaultCategory(activity) : nil) }
        let ownOperations = activity.supplier == nil
        switch activity.detail {
        case .transport(let transport):
            if ownOperations { return (.scope1, nil) }
            return (.scope3, transport.downstream ? .downstreamTransportation : .upstreamTransportation)
        case .combustion, .refrigerant:
            return ownOperations ? (.scope1, nil) : (.scope3, .purchasedGoodsAndServices)
        case .electricity, .facilityEnergy:
            return ownOperations ? (.scope2, nil) : (.scope3, .purchasedGoodsAndServices)
        case .compute:
            return (.scope3, .purchasedGoodsAndServices)
        }
    }

    private static func defaultCategory(_ activity: Activity) -> Scope3Category {
        if case .transport(let transport) = activity.detail {
            return transport.downstream ? .downstreamTransportation : .upstreamTransportation
        }
        return .purchasedGoodsAndServices
    }
}
