namespace Ecosystem.Analytics.Export;

internal enum ExportDataset { Events, Customer360 }
