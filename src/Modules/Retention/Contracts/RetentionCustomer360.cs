using Ecosystem.Platform;

namespace Ecosystem.Retention.Contracts;

/// <summary>Retention in a person's Customer 360: their latest risk state, as the object <c>retention</c>.</summary>
public static class RetentionCustomer360
{
    public static readonly ProductSummaryFold Fold = new(RetentionEvents.Product)
    {
        StateProperty = RetentionEvents.StateProperty,
        StateObject = "retention",
        StateObjectOrder = ProductSummaryFold.CoreOrder.EventCount + 100,
        State =
        [
            new("accountStatus", "accountStatus"),
            new("riskCategory", "riskCategory"),
            new("riskSeverity", "riskSeverity"),
        ],
    };
}
