/// Every promise of every store port. An adapter passes when each case passes on a fresh store of it.
public enum StoreContract {
    public static var all: [ContractCase] {
        ObservationContract.cases + VariableContract.cases + EventLogContract.cases + AlertContract.cases + AlertRuleContract.cases
            + AuthContract.cases + AuthOrganizationContract.cases + TrainingJobContract.cases + WebhookContract.cases + OccurrenceContract.cases
            + ForecastContract.cases + ModelRegistryContract.cases + StoreLifecycleContract.cases + CarbonContract.cases
            + EquityScenarioContract.cases + ObservationRetentionContract.cases + EntryContract.cases + DatasetContract.cases + YieldContract.cases
    }
}
