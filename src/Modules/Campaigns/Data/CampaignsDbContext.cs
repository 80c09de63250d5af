using Ecosystem.Campaigns.Campaigns;
using Ecosystem.Campaigns.OptOuts;
using Ecosystem.Campaigns.Sending;
using Ecosystem.Campaigns.Targets;
using Ecosystem.Campaigns.WhatsApp;
using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Campaigns.Data;

internal sealed class CampaignsDbContext(DbContextOptions<CampaignsDbContext> options) : ModuleDbContext(options)
{
    public override string Module => "campaigns";

    public DbSet<Campaign> Campaigns => Set<Campaign>();
    public DbSet<CampaignTarget> Targets => Set<CampaignTarget>();
    public DbSet<OptOut> OptOuts => Set<OptOut>();
    public DbSet<ThrottleWindow> ThrottleWindows => Set<ThrottleWindow>();
    public DbSet<SimulatedMessage> SimulatedMessages => Set<SimulatedMessage>();

    protected override void ConfigureModule(ModelBuilder modelBuilder)
    {
        Campaign.Configure(modelBuilder.Entity<Campaign>(), Provider);
        CampaignTarget.Configure(modelBuilder.Entity<CampaignTarget>(), Provider);
        OptOut.Configure(modelBuilder.Entity<OptOut>(), Provider);
        ThrottleWindow.Configure(modelBuilder.Entity<ThrottleWindow>(), Provider);
        SimulatedMessage.Configure(modelBuilder.Entity<SimulatedMessage>(), Provider);
    }
}
