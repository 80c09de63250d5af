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

public sealed record BatchResult(int Accepted, int Stored, int Quarantined, IReadOnlyList<RejectedEvent> Rejected);
