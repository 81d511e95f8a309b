/// Pure numerics for Kohort: linear algebra, distributions and estimators over plain arrays.
/// This module knows nothing of datasets, catalogues or disclosure.
public enum StatisticsModule {
    public static let version = "0.1.0"
}
