using Ecosystem.Analytics.WriteKeys;

namespace Ecosystem.Analytics.Ingestion;

/// <summary>Who is sending: a signed-in person (their own events) or a source holding a write key.</summary>
internal sealed record IngestCaller(string? UserEcosystemId, string? ActorRole, WriteKeySource? Source)
{
    public CatalogPolicy Policy => Source?.Policy ?? CatalogPolicy.Reject;
}
