using Ecosystem.Identity.Users;
using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Identity.Sessions;

/// <summary>
/// A server-side session. Only the SHA-256 of its token is stored; revoking it ends it at once. It also ends at
/// <see cref="ExpiresAt"/> (the absolute timeout) or when <see cref="LastSeenAt"/> is older than the idle timeout.
/// </summary>
internal sealed class Session : INotAudited
{
    public string Id { get; set; } = "";
    public string TokenHash { get; set; } = "";
    public string UserEcosystemId { get; set; } = "";
    public SessionKind Kind { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>Last authenticated request, written at most once a minute (see <c>SessionValidator</c>).</summary>
    public DateTimeOffset LastSeenAt { get; set; }

    internal static void Configure(EntityTypeBuilder<Session> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "identity", "sessions");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasMaxLength(40);
        b.Property(x => x.TokenHash).HasMaxLength(64);
        b.Property(x => x.UserEcosystemId).HasMaxLength(40);
        b.HasIndex(x => x.TokenHash).IsUnique();
        b.HasIndex(x => x.UserEcosystemId);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UserEcosystemId).HasConstraintName("fk_sessions_users");
    }
}
