using System.Text.Json;
using System.Text.RegularExpressions;
using Ecosystem.Analytics.Catalog;
using Ecosystem.Analytics.Data;
using Ecosystem.Analytics.WriteKeys;
using Ecosystem.Identity.Contracts;
using Ecosystem.Platform;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Outbox;
using Microsoft.Extensions.Configuration;

namespace Ecosystem.Analytics.Ingestion;

/// <summary>Who is sending: a signed-in person (their own events) or a source holding a write key.</summary>
internal sealed record IngestCaller(string? UserEcosystemId, string? ActorRole, WriteKeySource? Source)
{
    public CatalogPolicy Policy => Source?.Policy ?? CatalogPolicy.Reject;
}
