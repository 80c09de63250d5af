using Ecosystem.Identity.Contracts;
using Ecosystem.Shop.Orders;

namespace Ecosystem.Shop.Pages;

/// <summary>Who did each step of an order's timeline, by name.</summary>
internal static class ActorNames
{
    public static async Task<IReadOnlyDictionary<string, string>> ForAsync(IUserDirectory users, OrderResponse order, CancellationToken ct)
    {
        var ids = order.Timeline.Select(e => e.ActorId).Append(order.UserEcosystemId).Distinct(StringComparer.Ordinal).ToList();
        var found = await users.GetManyAsync(ids, ct);
        return found.ToDictionary(kv => kv.Key, kv => kv.Value.DisplayName, StringComparer.Ordinal);
    }
}
