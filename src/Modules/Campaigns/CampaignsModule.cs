using Ecosystem.Campaigns.Campaigns;
using Ecosystem.Campaigns.Contracts;
using Ecosystem.Campaigns.Data;
using Ecosystem.Campaigns.Hosting;
using Ecosystem.Campaigns.OptOuts;
using Ecosystem.Campaigns.Sending;
using Ecosystem.Campaigns.Settings;
using Ecosystem.Campaigns.Targets;
using Ecosystem.Campaigns.Templates;
using Ecosystem.Campaigns.WhatsApp;
using Ecosystem.Platform;
using Ecosystem.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Campaigns;

/// <summary>
/// Campaigns over WhatsApp (seed 003, issue 21): templates and the seed's settings, campaigns with one transition
/// table, targets imported from CSV or JSON in E.164, one send policy (quiet hours, throttle, tier, per-recipient rate,
/// opt-out), a dispatcher that sends each target at most once (ADR 0028), the simulated WhatsApp with its phone inbox
/// and the Cloud API adapter, opt-outs. Voucher campaigns wait for the vouchers module (<see cref="ICampaignVoucherIssuer"/>).
/// </summary>
public static class CampaignsModule
{
    public static IServiceCollection AddCampaignsModule(this IServiceCollection services, IConfiguration configuration)
    {
        var campaign = EventCatalogRegistration.Props(("campaignId", PropertyType.String), ("status", PropertyType.String), ("type", PropertyType.String));
        var whatsApp = WhatsAppOptions.From(configuration);
        services.AddModule("campaigns", typeof(CampaignsModule))
            .DbContext<CampaignsDbContext>()
            .Capability(CampaignPolicies.Manage, "Create WhatsApp campaigns, upload their targets, start, pause and resume them; change quiet hours, throttle, templates.", Roles.Admin, Roles.SuperAdmin)
            .Capability(CampaignPolicies.Targets, "See campaign targets (phone numbers) and the simulated phone inbox.", Roles.Admin, Roles.SuperAdmin, Roles.Support)
            .Setting(CampaignSettings.QuietHoursKey, "Quiet hours per country", "No campaign message reaches a country between start and end, in that country's time (an end before the start spans midnight). Keys are country codes: rw, mt, ke…",
                CampaignPolicies.Manage, new Dictionary<string, QuietHours>(), CampaignSettings.CheckQuietHours)
            .Setting(CampaignSettings.SendThrottleKey, "Send throttle", "Messages per minute per bucket (whatsapp), optionally the tier's unique recipients per day and messages per recipient per day.",
                CampaignPolicies.Manage, new Dictionary<string, ThrottleBucket> { [CampaignSettings.DefaultBucket] = new(60) }, CampaignSettings.CheckThrottle)
            .Setting(CampaignSettings.OptOutListKey, "Opted-out numbers", "SHA-256 hashes of the E.164 numbers that must never be sent to (never the numbers). STOP, UNSUBSCRIBE and HAGARIKA add to it.",
                CampaignPolicies.Manage, new List<string>(), CampaignSettings.CheckOptOutList)
            .Setting(CampaignSettings.TemplatesKey, "WhatsApp templates", "Message templates: id, name, language, category (marketing or utility) and a body with numbered variables {{1}}, {{2}}…",
                CampaignPolicies.Manage, new List<MessageTemplate>(), CampaignSettings.CheckTemplates)
            .Setting(CampaignSettings.RevolutLinkKey, "Revolut payment link", "The link templates may carry for payments.",
                CampaignPolicies.Manage, new RevolutLink("https://revolut.me/easymo"), CampaignSettings.CheckRevolut)
            .Endpoints(api =>
            {
                var manage = api.MapGroup("/campaigns").WithTags("Campaigns").RequireAuthorization(CampaignPolicies.Manage);
                var targets = api.MapGroup("/campaigns").WithTags("Campaigns").RequireAuthorization(CampaignPolicies.Targets);
                TemplateEndpoints.Map(manage);
                CampaignEndpoints.Map(manage);
                TargetEndpoints.Map(manage, targets);
                WhatsAppEndpoints.Map(api.MapGroup("/admin/whatsapp").WithTags("Admin: WhatsApp").RequireAuthorization(CampaignPolicies.Targets));
            })
            .Pages(pages =>
            {
                pages.AuthorizeFolder("/Admin/Campaigns", CampaignPolicies.Manage);
                pages.AuthorizePage("/Admin/WhatsApp", CampaignPolicies.Targets);
            })
            .Navigation(
                new NavLink(NavSection.AdminConsole, "Campaigns", "/admin/campaigns", "✉", CampaignPolicies.Manage, 60, "admin-campaigns"),
                new NavLink(NavSection.AdminConsole, "Phone inbox", "/admin/whatsapp", "☏", CampaignPolicies.Targets, 61, "admin-whatsapp"))
            .WebhookHandler<WhatsAppWebhookHandler>("whatsapp", "statuses", "messages")
            .Events(
                new(CampaignEvents.CampaignCreated, "A campaign was created as a draft.", campaign),
                new(CampaignEvents.CampaignStarted, "A campaign started sending.", campaign),
                new(CampaignEvents.CampaignPaused, "A campaign was paused.", campaign),
                new(CampaignEvents.CampaignResumed, "A paused campaign was resumed.", campaign),
                new(CampaignEvents.CampaignFinished, "Every target of a campaign is final.", campaign),
                new(CampaignEvents.TargetsImported, "Targets were imported into a campaign.", EventCatalogRegistration.Props(("campaignId", PropertyType.String), ("rows", PropertyType.Integer))),
                new(CampaignEvents.MessageSent, "A campaign message was sent to a person.", EventCatalogRegistration.Props(("campaignId", PropertyType.String), ("targetId", PropertyType.String)), CampaignEvents.Product, 10),
                new(CampaignEvents.OptedOut, "A number opted out of campaign messages.", EventCatalogRegistration.Props(("phoneHash", PropertyType.String), ("reason", PropertyType.String)), CampaignEvents.Product, 11))
            .Stylesheet("campaigns.css")
            .Customer360(CampaignsCustomer360.Fold)
            .DemoData<CampaignsDemoSeeder>();
        services.AddSingleton(whatsApp);
        services.AddScoped<CampaignSettings>();
        services.AddScoped<CampaignsJournal>();
        services.AddScoped<CampaignService>();
        services.AddScoped<TargetImporter>();
        services.AddScoped<TargetService>();
        services.AddScoped<OptOutService>();
        services.AddScoped<IOptOutRegistry>(sp => sp.GetRequiredService<OptOutService>());
        services.AddScoped<Dispatcher>();
        if (whatsApp.Provider == "cloud")
        {
            services.AddHttpClient<CloudApiWhatsAppSender>(c => c.Timeout = TimeSpan.FromSeconds(20));
            services.AddScoped<IWhatsAppSender>(sp => sp.GetRequiredService<CloudApiWhatsAppSender>());
        }
        else
        {
            services.AddScoped<SimulatedWhatsApp>();
            services.AddScoped<IWhatsAppSender>(sp => sp.GetRequiredService<SimulatedWhatsApp>());
        }

        if (!string.Equals(configuration["Campaigns:Dispatcher:Enabled"], "false", StringComparison.OrdinalIgnoreCase)) services.AddHostedService<CampaignDispatcherWorker>();
        return services;
    }
}
