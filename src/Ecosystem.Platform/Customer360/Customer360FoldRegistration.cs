using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Platform;

public static class Customer360FoldRegistration
{
    /// <summary>A module declares how its events show in a person's Customer 360 (one fold per product).</summary>
    public static IServiceCollection AddCustomer360Fold(this IServiceCollection services, ProductSummaryFold fold)
    {
        ArgumentNullException.ThrowIfNull(fold);
        if (string.IsNullOrWhiteSpace(fold.Product)) throw new ArgumentException("A fold needs a product.", nameof(fold));
        if (fold.State.Count > 0 && fold.StateProperty is null) throw new ArgumentException($"Fold '{fold.Product}' keeps state but names no StateProperty.", nameof(fold));
        if (fold.StatusFilter is { } f && !fold.State.Any(s => s.Property == f.Property)) throw new ArgumentException($"Fold '{fold.Product}' filters on '{f.Property}', which it does not keep.", nameof(fold));
        services.AddSingleton(fold);
        return services;
    }
}
