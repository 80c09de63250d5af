using Ecosystem.Platform;
using static Ecosystem.Platform.ProductSummaryFold;

namespace Ecosystem.Host.Shell;

/// <summary>The shell's events in the catalog and in a person's Customer 360: navigations and the last one.</summary>
internal static class ShellCustomer360
{
    public static readonly ProductSummaryFold Fold = new("shell")
    {
        Events = [ShellEvents.NavigationClicked],
        LastAt = [new("lastNavigationAt", ShellEvents.NavigationClicked, CoreOrder.EngagementScore + 10) { Label = "Last navigation" }],
        Counters = [new("counters.navigations", ShellEvents.NavigationClicked, CoreOrder.EventCount + 20) { Label = "navigations" }],
    };

    public static IServiceCollection AddShellEvents(this IServiceCollection services) => services
        .AddEventDefinitions(new EventDefinition(ShellEvents.NavigationClicked, "A navigation link in the app shell was clicked (client).", EventCatalogRegistration.Props(("target", PropertyType.String)), null, 1))
        .AddCustomer360Fold(Fold);
}
