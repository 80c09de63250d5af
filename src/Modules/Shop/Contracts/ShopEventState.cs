namespace Ecosystem.Shop.Contracts;

/// <summary>A client's shop totals as events carry them in <c>shop</c>: orders placed, revenue paid (minor units, net of refunds), subscription status.</summary>
public sealed record ShopEventState(int Orders, long Revenue, string Currency, string SubscriptionStatus);
