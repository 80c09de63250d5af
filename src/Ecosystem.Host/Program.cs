using Ecosystem.Analytics;
using Ecosystem.Campaigns;
using Ecosystem.Cards;
using Ecosystem.Host;
using Ecosystem.Identity;
using Ecosystem.Marketplace;
using Ecosystem.Platform;
using Ecosystem.Retention;
using Ecosystem.Shop;
using Ecosystem.Vouchers;
using Ecosystem.Wallet;

var builder = WebApplication.CreateBuilder(EcosystemHost.WebArgs(args));
// Modules' own scripts and styles (/_content/{module}/…) from the build output in every environment, not only Development.
builder.WebHost.UseStaticWebAssets();
builder.Services
    .AddPlatform(builder.Configuration)
    .AddIdentityModule(builder.Configuration)
    .AddCardsModule(builder.Configuration)
    .AddAnalyticsModule(builder.Configuration)
    .AddRetentionModule(builder.Configuration)
    .AddShopModule(builder.Configuration)
    .AddWalletModule(builder.Configuration)
    .AddMarketplaceModule(builder.Configuration)
    .AddVouchersModule(builder.Configuration)
    .AddCampaignsModule(builder.Configuration)
    .AddHostUi(builder.Configuration);

var app = builder.Build();
app.UseHostUi();
app.UsePlatform();

var api = app.MapGroup("/api");
app.MapPlatform(api)
    .MapModules(api)
    .MapHostUi();

return await app.RunEcosystemAsync(args);

/// <summary>Entry point type, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
