namespace Ecosystem.Shop.Cart;

/// <summary>Whose cart a request means: the signed-in person's, and/or the anonymous one in the browser's cookie.</summary>
internal sealed record CartOwner(string? UserEcosystemId, string? Token)
{
    public bool SignedIn => UserEcosystemId is not null;
}
