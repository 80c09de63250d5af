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

/// <summary>A per-source ingestion key. Only its SHA-256 is stored; the key itself is shown once at creation.</summary>
internal sealed class WriteKey
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string KeyHash { get; set; } = "";
    public string KeyPrefix { get; set; } = "";
    public CatalogPolicy Policy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset? RevokedAt { get; set; }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    internal static void Configure(EntityTypeBuilder<WriteKey> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "analytics", "write_keys");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasMaxLength(40);
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.KeyHash).HasMaxLength(64);
        b.Property(x => x.KeyPrefix).HasMaxLength(16);
        b.Property(x => x.CreatedBy).HasMaxLength(64);
        b.HasIndex(x => x.KeyHash).IsUnique();
    }
}
