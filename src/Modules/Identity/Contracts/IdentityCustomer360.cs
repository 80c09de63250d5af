using Ecosystem.Platform;
using static Ecosystem.Platform.ProductSummaryFold;

namespace Ecosystem.Identity.Contracts;

/// <summary>Identity in a person's Customer 360: how often they logged in.</summary>
public static class IdentityCustomer360
{
    public static readonly ProductSummaryFold Fold = new("identity")
    {
        Events = [IdentityEvents.LoggedIn],
        Counters = [new("counters.logins", IdentityEvents.LoggedIn, CoreOrder.EventCount + 10) { Label = "logins" }],
    };
}
