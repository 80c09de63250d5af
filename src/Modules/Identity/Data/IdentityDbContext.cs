using Ecosystem.Identity.Sessions;
using Ecosystem.Identity.Users;
using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Identity.Data;

internal sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options) : ModuleDbContext(options)
{
    public override string Module => "identity";

    public DbSet<User> Users => Set<User>();
    public DbSet<Session> Sessions => Set<Session>();

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
        User.Configure(modelBuilder.Entity<User>(), Provider);
        Session.Configure(modelBuilder.Entity<Session>(), Provider);
    }
}
