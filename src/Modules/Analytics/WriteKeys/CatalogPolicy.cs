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

/// <summary>What happens to an event the catalog does not accept (unknown name or missing properties).</summary>
public enum CatalogPolicy { Reject, Quarantine }
