namespace Ecosystem.Platform;

/// <summary>
/// A module's page about one person, linked from the admin console's people list (e.g. "Card" → /admin/cards/{id}).
/// <see cref="HrefTemplate"/> holds <c>{userEcosystemId}</c>; shown to whoever holds <see cref="Capability"/>.
/// </summary>
public sealed record PersonLink(string Label, string HrefTemplate, string Capability, int Order = 100)
{
    public string For(string userEcosystemId) => HrefTemplate.Replace("{userEcosystemId}", Uri.EscapeDataString(userEcosystemId), StringComparison.Ordinal);
}
