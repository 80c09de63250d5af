using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Platform.Idempotency;

internal enum IdempotencyState { InFlight, Completed }

/// <summary>A stored first response for an <c>Idempotency-Key</c>, scoped to the caller and the endpoint.</summary>
internal sealed class IdempotencyRecord : INotAudited
{
    public string Scope { get; set; } = "";
    public string Key { get; set; } = "";
    public string RequestHash { get; set; } = "";
    public IdempotencyState State { get; set; }
    public int? ResponseStatus { get; set; }
    public string? ResponseContentType { get; set; }
    public string? ResponseBody { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }

    internal static void Configure(EntityTypeBuilder<IdempotencyRecord> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "platform", "idempotency_keys");
        b.HasKey(x => new { x.Scope, x.Key });
        b.Property(x => x.Scope).HasMaxLength(200);
        b.Property(x => x.Key).HasMaxLength(255);
        b.Property(x => x.RequestHash).HasMaxLength(64);
        b.Property(x => x.ResponseContentType).HasMaxLength(100);
        b.HasIndex(x => x.ExpiresAt);
    }
}
