using System.Text.Json;
using Ecosystem.Campaigns.Campaigns;
using Ecosystem.Campaigns.Data;
using Ecosystem.Campaigns.Settings;
using Ecosystem.Campaigns.Targets;
using Ecosystem.Platform;
using Ecosystem.Platform.Security;
using Ecosystem.Platform.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Campaigns.Hosting;

/// <summary>
/// Demo mode: a promo and a voucher template, quiet hours for Rwanda and Malta, 600 messages a minute, and the promo
/// campaign "Weekend fuel promo" with a dozen Rwandan and Maltese targets (one opted out), started so the dispatcher
/// sends it through the simulated WhatsApp. Idempotent.
/// </summary>
internal sealed class CampaignsDemoSeeder : IDemoSeeder
{
    public const string PromoTemplate = "promo_fuel";
    public const string VoucherTemplate = "voucher_fuel";

    /// <summary>After the demo users (10).</summary>
    public int Order => 50;

    public async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<CampaignsDbContext>();
        if (await db.Campaigns.AnyAsync(cancellationToken).ConfigureAwait(false)) return;
        services.GetRequiredService<OperationContext>().ActorId = "system:demo";
        var store = services.GetRequiredService<SettingsService>();
        string[] roles = [Roles.SuperAdmin];
        await Put(CampaignSettings.TemplatesKey, new List<MessageTemplate>
        {
            new(PromoTemplate, "weekend_fuel_promo", "en", "marketing", "Hi {{1}}, this weekend fuel is {{2}} cheaper at every easyMO station. Reply STOP to opt out."),
            new(VoucherTemplate, "fuel_voucher", "en", "marketing", "Hi {{1}}, here is your fuel voucher: {{2}}. Show it at the station. Reply STOP to opt out."),
        }).ConfigureAwait(false);
        await Put(CampaignSettings.QuietHoursKey, new Dictionary<string, QuietHours> { ["rw"] = new("22:00", "06:00"), ["mt"] = new("21:00", "08:00") }).ConfigureAwait(false);
        await Put(CampaignSettings.SendThrottleKey, new Dictionary<string, ThrottleBucket> { [CampaignSettings.DefaultBucket] = new(600) }).ConfigureAwait(false);

        var campaigns = services.GetRequiredService<CampaignService>();
        var created = Check(await campaigns.CreateAsync(new CampaignRequest("Weekend fuel promo", CampaignTypes.Promo, PromoTemplate, new CampaignMetadata(DefaultRegion: "RW", Notes: "Demo campaign")), cancellationToken).ConfigureAwait(false));
        var rows = new List<TargetRow>();
        string[] names = ["Aline", "Jean", "Claudine", "Eric", "Diane", "Patrick", "Grace", "Olivier", "Maria", "Luca"];
        for (var i = 0; i < names.Length; i++)
        {
            var number = i < 8 ? $"0788 {100 + i:000} {200 + i:000}" : $"+356 7912 {3400 + i:0000}";
            rows.Add(new TargetRow(i + 1, number, names[i], [names[i], "10%"], null));
        }

        rows.Add(new TargetRow(11, "12345", "Not a number", ["x", "y"], null));
        Check(await services.GetRequiredService<TargetImporter>().ImportAsync(created.CampaignId, rows, null, cancellationToken).ConfigureAwait(false));
        Check(await services.GetRequiredService<OptOuts.OptOutService>().OptOutAsync("+250788107207", "whatsapp: STOP", cancellationToken).ConfigureAwait(false));
        Check(await campaigns.MoveAsync(created.CampaignId, CampaignAction.Start, cancellationToken).ConfigureAwait(false));
        Check(await campaigns.CreateAsync(new CampaignRequest("Fuel vouchers for loyal drivers", CampaignTypes.Voucher, VoucherTemplate, new CampaignMetadata(DefaultRegion: "RW")), cancellationToken).ConfigureAwait(false));

        async Task Put<T>(string key, T value)
        {
            var current = await store.GetAsync(key, roles, cancellationToken).ConfigureAwait(false);
            Check(await store.UpdateAsync(key, new SettingUpdate(JsonSerializer.SerializeToNode(value, Json.Options), current.Value?.Version), roles, cancellationToken).ConfigureAwait(false));
        }
    }

    private static T Check<T>(Result<T> result) =>
        result.IsSuccess ? result.Value! : throw new InvalidOperationException($"Campaigns demo data: {result.Error!.Code} {result.Error.Message}");
}
