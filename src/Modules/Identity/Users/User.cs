using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Identity.Users;

/// <summary>A person, known everywhere by <see cref="UserEcosystemId"/>.</summary>
internal sealed class User
{
    private static readonly Dictionary<(UserStatus From, string Action), UserStatus> Transitions = new()
    {
        [(UserStatus.Active, "disable")] = UserStatus.Disabled,
        [(UserStatus.Disabled, "enable")] = UserStatus.Active,
    };

    private User() { }

    public string UserEcosystemId { get; private set; } = "";
    public string Username { get; private set; } = "";
    public string Email { get; private set; } = "";
    public string DisplayName { get; private set; } = "";
    public string RolesText { get; private set; } = "";
    public UserStatus Status { get; private set; }
    public string PasswordHash { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public int Version { get; private set; }

    public IReadOnlyList<string> Roles => RolesText.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public static User Create(string id, string username, string email, string displayName, IEnumerable<string> roles, string passwordHash, DateTimeOffset now) => new()
    {
        UserEcosystemId = id,
        Username = Normalize(username),
        Email = email.Trim(),
        DisplayName = displayName.Trim(),
        RolesText = string.Join(' ', roles.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)),
        Status = UserStatus.Active,
        PasswordHash = passwordHash,
        CreatedAt = now,
        UpdatedAt = now,
    };

    public static string Normalize(string username) => username.Trim().ToLowerInvariant();

    /// <summary>Applies <paramref name="action"/> if the transition table allows it from the current status.</summary>
    public bool TryTransition(string action, DateTimeOffset now)
    {
        if (!Transitions.TryGetValue((Status, action), out var to)) return false;
        Status = to;
        UpdatedAt = now;
        Version++;
        return true;
    }

    public void UpgradePasswordHash(string hash) => PasswordHash = hash;

    /// <summary>Adds a role (a versioned change); false when the person has it already.</summary>
    public bool Grant(string role, DateTimeOffset now)
    {
        if (Roles.Contains(role, StringComparer.Ordinal)) return false;
        RolesText = string.Join(' ', Roles.Append(role).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        UpdatedAt = now;
        Version++;
        return true;
    }

    /// <summary>A new password (changed by the person or reset by an administrator): a versioned change of the row.</summary>
    public void SetPassword(string hash, DateTimeOffset now)
    {
        PasswordHash = hash;
        UpdatedAt = now;
        Version++;
    }

    public object Snapshot() => new { UserEcosystemId, Username, Email, DisplayName, Roles, Status };

    internal static void Configure(EntityTypeBuilder<User> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "identity", "users");
        b.HasKey(x => x.UserEcosystemId);
        b.Property(x => x.UserEcosystemId).HasMaxLength(40);
        b.Property(x => x.Username).HasMaxLength(64);
        b.Property(x => x.Email).HasMaxLength(254);
        b.Property(x => x.DisplayName).HasMaxLength(100);
        b.Property(x => x.RolesText).HasColumnName("roles").HasMaxLength(200);
        b.Property(x => x.PasswordHash).HasMaxLength(200);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.Roles);
        b.HasIndex(x => x.Username).IsUnique();
    }
}
