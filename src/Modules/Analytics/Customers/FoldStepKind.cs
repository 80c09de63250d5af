namespace Ecosystem.Analytics.Customers;

internal enum FoldStepKind { Touch, Counter, LastAt }
