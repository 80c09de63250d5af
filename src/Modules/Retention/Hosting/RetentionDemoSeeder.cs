using Ecosystem.Identity.Contracts;
using Ecosystem.Platform;
using Ecosystem.Retention.AtRisk;
using Ecosystem.Retention.Customers;
using Ecosystem.Retention.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Retention.Hosting;

/// <summary>
/// Demo mode: realistic subscription customers covering both risk categories and all severities, then a risk scan.
/// The demo user <c>user</c> is one of them (so Customer 360 shows retention for a real login); the others get stable
/// userEcosystemIds derived from their email. Idempotent: customers that exist are skipped.
/// </summary>
internal sealed class RetentionDemoSeeder : IDemoSeeder
{
    /// <summary>After the demo users (10); beside the Cards seeder (20), which it does not depend on.</summary>
    public int Order => 20;

    public async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var customers = services.GetRequiredService<CustomerService>();
        var riskScan = services.GetRequiredService<RiskScanService>();
        var time = services.GetRequiredService<TimeProvider>();
        var now = time.GetUtcNow();
        var db = services.GetRequiredService<RetentionDbContext>();
        if (await db.Customers.AnyAsync(cancellationToken).ConfigureAwait(false)) return;

        // Cards are valid through the end of their expiry month: this month's cards expire within the window; last month's already did.
        (int, int) Month(int offset) { var d = now.AddMonths(offset); return (d.Month, d.Year); }

                var demo = new (string Name, string Email, string? Phone, string Plan, long Value, string Card, string Last4, (int M, int Y) Exp, int Failures, int SinceMonths, string? Username)[]
        {
            ("Demo User", "user@example.com", null, "Pro", 4_900, "visa", "4242", Month(8), 1, 14, "user"),
            ("Maria Schneider", "maria.schneider@example.com", "+49 151 2345 6789", "Business", 24_900, "mastercard", "5454", Month(-1), 0, 38, null),
            ("James Carter", "james.carter@example.com", null, "Team", 12_900, "visa", "1881", Month(0), 0, 22, null),
            ("Aisha Khan", "aisha.khan@example.com", null, "Starter", 1_900, "amex", "0005", Month(-1), 0, 7, null),
            ("Lukas Weber", "lukas.weber@example.com", "+49 170 555 0123", "Enterprise", 49_900, "visa", "0077", Month(18), 3, 51, null),
            ("Sofia Rossi", "sofia.rossi@example.com", null, "Pro Plus", 5_900, "discover", "1117", Month(9), 2, 16, null),
            ("Noah Williams", "noah.williams@example.com", null, "Starter", 1_900, "mastercard", "4444", Month(0), 0, 4, null),
            ("Emma Dubois", "emma.dubois@example.com", null, "Business", 24_900, "visa", "9424", Month(26), 0, 29, null),
            ("Kenji Tanaka", "kenji.tanaka@example.com", null, "Team", 12_900, "mastercard", "8210", Month(11), 0, 12, null),
        };
        var users = services.GetRequiredService<IUserDirectory>();
        foreach (var c in demo)
        {
            // A customer who is also a demo login has that account's e-mail: one person, one address across modules.
            var email = c.Username is not null && await users.FindByUsernameAsync(c.Username, cancellationToken).ConfigureAwait(false) is { } account ? account.Email : c.Email;
            var result = await customers.CreateCustomerAsync(new CreateCustomerRequest(
                c.Name, email, c.Phone, c.Plan, c.Value, "USD", now.AddMonths(-c.SinceMonths), now.AddDays(-(c.Failures > 0 ? 30 + (7 * c.Failures) : 12)), c.Username,
                new PaymentMethodInput(c.Card, c.Last4, c.Exp.M, c.Exp.Y, c.Failures, c.Failures > 0 ? now.AddDays(-2) : null)), cancellationToken).ConfigureAwait(false);
            if (!result.IsSuccess && result.Error!.Code is not ("CUSTOMER_EXISTS" or "USER_NOT_FOUND"))
            {
                throw new InvalidOperationException("Retention demo seeding failed: " + result.Error.Message);
            }
        }

        db.ChangeTracker.Clear();
        await riskScan.ScanAsync(cancellationToken).ConfigureAwait(false);
    }
}
