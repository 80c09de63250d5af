using System.Globalization;
using Ecosystem.Identity.Data;
using Ecosystem.Identity.Users;
using Ecosystem.Platform;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Identity.Hosting;

internal sealed class IdentityDashboard(IdentityDbContext db, TimeProvider time) : IDashboardContributor
{
    public async Task<IReadOnlyList<DashboardTile>> GetTilesAsync(CancellationToken cancellationToken)
    {
        var users = await db.Users.CountAsync(cancellationToken);
        var disabled = await db.Users.CountAsync(u => u.Status == UserStatus.Disabled, cancellationToken);
        var now = time.GetUtcNow();
        var sessions = await db.Sessions.CountAsync(s => s.RevokedAt == null && s.ExpiresAt > now, cancellationToken);
        return
        [
            new("identity", "Users", users.ToString("N0", CultureInfo.InvariantCulture), $"{disabled} disabled", "/admin/users", 10),
            new("identity", "Active sessions", sessions.ToString("N0", CultureInfo.InvariantCulture), "cookie and API tokens", null, 11),
        ];
    }
}
