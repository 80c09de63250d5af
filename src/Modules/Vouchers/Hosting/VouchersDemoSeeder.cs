using Ecosystem.Identity.Contracts;
using Ecosystem.Platform;
using Ecosystem.Vouchers.Data;
using Ecosystem.Vouchers.Redemptions;
using Ecosystem.Vouchers.Stations;
using Ecosystem.Vouchers.Vouchers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Vouchers.Hosting;

/// <summary>
/// Demo mode: three stations in Rwanda; <c>operator1</c> at Kigali Remera, <c>operator2</c> at Huye; fuel vouchers
/// for <c>user</c> and <c>client</c> in every state (issued, sent, redeemed at Kigali by operator1, expired, void), one
/// scoped to Huye. All through the module's services and the ledger. Idempotent: stations that exist are left as they are.
/// </summary>
internal sealed class VouchersDemoSeeder : IDemoSeeder
{
    /// <summary>After the demo users (10) and the wallet's tenant (40).</summary>
    public int Order => 50;

    public async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<VouchersDbContext>();
        if (await db.Stations.AnyAsync(cancellationToken).ConfigureAwait(false)) return;
        var op = services.GetRequiredService<OperationContext>();
        op.ActorId = "system:demo";
        var users = services.GetRequiredService<IUserDirectory>();
        var stations = services.GetRequiredService<StationService>();
        var kigali = Check(await stations.CreateAsync(new StationRequest("Kigali Remera", "KGL-REM-01", "+250 788 300 101", -1.9536, 30.1127, null), cancellationToken).ConfigureAwait(false));
        var huye = Check(await stations.CreateAsync(new StationRequest("Huye Centre", "HUY-CTR-01", "0788 300 202", -2.5967, 29.7394, null), cancellationToken).ConfigureAwait(false));
        Check(await stations.CreateAsync(new StationRequest("Musanze Road", "MUS-RD-01", "0788 300 303", -1.4995, 29.6347, null), cancellationToken).ConfigureAwait(false));
        var operator1 = await users.FindByUsernameAsync("operator1", cancellationToken).ConfigureAwait(false);
        var operator2 = await users.FindByUsernameAsync("operator2", cancellationToken).ConfigureAwait(false);
        if (operator1 is not null) Check(await stations.BindOperatorAsync(kigali.StationId, new OperatorRequest(operator1.UserEcosystemId, null), cancellationToken).ConfigureAwait(false));
        if (operator2 is not null) Check(await stations.BindOperatorAsync(huye.StationId, new OperatorRequest(operator2.UserEcosystemId, null), cancellationToken).ConfigureAwait(false));

        var vouchers = services.GetRequiredService<VoucherService>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var holders = new List<UserDto>();
        foreach (var name in new[] { "user", "client" })
        {
            if (await users.FindByUsernameAsync(name, cancellationToken).ConfigureAwait(false) is { } u) holders.Add(u);
        }

        if (holders.Count == 0) return;
        VoucherService.IssueInput Input(UserDto holder, long amount, string? scope = null, DateTimeOffset? expires = null, string campaign = "fuel-week") =>
            new(holder.UserEcosystemId, amount, "RWF", scope, expires ?? now.AddDays(30), campaign, "+250788123456", null);
        var first = holders[0];
        var last = holders[^1];

        Check(await vouchers.IssueValidAsync(Input(first, 5_000), cancellationToken).ConfigureAwait(false));
        foreach (var (holder, amount, scope) in new[] { (first, 10_000L, (string?)null), (last, 20_000L, null), (first, 15_000L, huye.StationId), (last, 8_000L, null) })
        {
            var issued = Check(await vouchers.IssueValidAsync(Input(holder, amount, scope), cancellationToken).ConfigureAwait(false));
            Check(await vouchers.SendAsync(issued.VoucherId, cancellationToken).ConfigureAwait(false));
        }

        var toRedeem = Check(await vouchers.IssueValidAsync(Input(last, 12_000), cancellationToken).ConfigureAwait(false));
        Check(await vouchers.SendAsync(toRedeem.VoucherId, cancellationToken).ConfigureAwait(false));
        if (operator1 is not null)
        {
            op.ActorId = operator1.UserEcosystemId;
            Check(await services.GetRequiredService<RedemptionService>().RedeemAsync(new RedeemRequest(toRedeem.Code, null), "demo", cancellationToken).ConfigureAwait(false));
            op.ActorId = "system:demo";
        }

        var toVoid = Check(await vouchers.IssueValidAsync(Input(first, 3_000, campaign: "launch"), cancellationToken).ConfigureAwait(false));
        Check(await vouchers.VoidAsync(toVoid.VoucherId, "Issued twice by mistake", cancellationToken).ConfigureAwait(false));
        // An expiry in the past can't be asked for through the API; the seeder issues one so the expiry job has something to do.
        Check(await vouchers.IssueValidAsync(Input(last, 4_000, expires: now.AddDays(-1), campaign: "launch"), cancellationToken).ConfigureAwait(false));
        await vouchers.ExpireDueAsync(100, cancellationToken).ConfigureAwait(false);
    }

    private static T Check<T>(Result<T> result) =>
        result.IsSuccess ? result.Value! : throw new InvalidOperationException("Vouchers demo seeding failed: " + result.Error!.Message);
}
