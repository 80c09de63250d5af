using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Ecosystem.Analytics.Data;
using Ecosystem.Platform;
using Ecosystem.Platform.Audit;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Analytics.WriteKeys;

/// <summary>The caller of an ingestion request resolved from a write key.</summary>
internal sealed record WriteKeySource(string Id, string Name, CatalogPolicy Policy);
