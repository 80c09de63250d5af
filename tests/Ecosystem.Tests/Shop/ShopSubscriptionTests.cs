using System.Net;
using System.Net.Http.Json;
using Ecosystem.Platform.Payments;
using Ecosystem.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Tests.Shop;

/// <summary>Subscriptions through periods, with a clock the test moves: trial, renewal, a failed renewal that Retention picks up, cancellation.</summary>
public abstract class ShopSubscriptionTests(Db db) : AppTest(db)
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly TestClock clock = new(Start);

    protected override Task<EcosystemApp> StartAsync() => EcosystemApp.StartAsync(Db, services: s => EcosystemApp.UseClock(s, clock));

    private async Task<int> RenewAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await ((SimulatedPaymentGateway)scope.ServiceProvider.GetRequiredService<IPaymentGateway>()).RenewDueAsync(CancellationToken.None);
    }

    /// <summary>The subscription once it reached <paramref name="status"/> (the billing worker may have renewed it first).</summary>
    private static async Task<System.Text.Json.JsonElement> SubscriptionAsync(HttpClient client, string status)
    {
        for (var i = 0; ; i++)
        {
            var sub = (await (await client.GetAsync("/api/shop/subscriptions")).Json()).GetProperty("items")[0];
            if (sub.GetProperty("status").GetString() == status || i == 50) return sub;
            await Task.Delay(100);
        }
    }

    private async Task<(HttpClient Client, string UserId)> SubscriberAsync(string username, string card)
    {
        var (client, userId) = await ShopTestKit.NewPersonAsync(App, username);
        (await client.PutAsJsonAsync("/api/shop/profile", new { fullName = "Sam " + username, addressLine1 = "Main 1", postalCode = "10115", city = "Berlin", country = "DE", consents = new { terms = true } })).EnsureSuccessStatusCode();
        var started = await client.PostAsJsonAsync("/api/shop/subscriptions", new { planId = "pln_growth_monthly", cardNumber = card, expMonth = 12, expYear = 2030, cvc = "123" });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var body = await started.Json();
        Assert.Equal(("trialing", 11_781L), (body.GetProperty("status").GetString(), body.GetProperty("amount").GetInt64())); // 99.00 + 19 % VAT
        Assert.Equal(Start.AddDays(14), body.GetProperty("trialEnd").GetDateTimeOffset());
        return (client, userId);
    }

    [Fact]
    public async Task A_failed_renewal_makes_the_subscription_past_due_and_the_person_a_failed_payment_risk_in_retention()
    {
        var (client, userId) = await SubscriberAsync("dunning", "4000 0000 0000 0341"); // saves, but charges decline
        var again = await client.PostAsJsonAsync("/api/shop/subscriptions", new { planId = "pln_growth_monthly" });
        Assert.Equal((HttpStatusCode.Conflict, "ALREADY_SUBSCRIBED"), (again.StatusCode, await again.Code()));

        clock.Advance(TimeSpan.FromDays(14) + TimeSpan.FromMinutes(1));
        await RenewAsync();
        client = await App.LoginAsync("dunning", "long-password-dunning"); // two weeks later: a new session
        var subscription = await SubscriptionAsync(client, "past_due");
        Assert.Equal(("past_due", 1), (subscription.GetProperty("status").GetString(), subscription.GetProperty("failedPayments").GetInt32()));

        var admin = await App.AdminAsync();
        var scan = await admin.PostAsync("/api/retention/risk-scan", null);
        Assert.True(scan.IsSuccessStatusCode);
        var atRisk = await (await admin.GetAsync("/api/retention/customers?status=at-risk&riskCategory=failed-payment&limit=200")).Json();
        var customer = Assert.Single(atRisk.GetProperty("items").EnumerateArray(), c => c.GetProperty("userEcosystemId").GetString() == userId);
        Assert.Equal("Sam dunning", customer.GetProperty("name").GetString());

        // The same failure delivered again (a replay) changes nothing in Retention.
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var inbox = scope.ServiceProvider.GetRequiredService<Ecosystem.Platform.Webhooks.WebhookInbox>();
            var failed = (await inbox.ListAsync("simulated", null, 200, null, CancellationToken.None)).Value!.Items.First(d => d.EventType == PaymentEvents.InvoicePaymentFailed);
            await inbox.ReplayAsync(failed.Id, CancellationToken.None);
        }

        var detail = await (await admin.GetAsync($"/api/retention/customers/{customer.GetProperty("customerId").GetString()}")).Json();
        Assert.Equal(1, detail.GetProperty("paymentMethods")[0].GetProperty("failureCount").GetInt32());
    }

    [Fact]
    public async Task A_renewal_that_succeeds_starts_the_next_period_and_cancel_at_period_end_stops_it_then()
    {
        var (client, _) = await SubscriberAsync("renewing", "4242 4242 4242 4242");
        clock.Advance(TimeSpan.FromDays(14) + TimeSpan.FromMinutes(1));
        await RenewAsync();
        client = await App.LoginAsync("renewing", "long-password-renewing");
        var sub = await SubscriptionAsync(client, "active");
        Assert.Equal("active", sub.GetProperty("status").GetString());
        Assert.True(sub.GetProperty("currentPeriodEnd").GetDateTimeOffset() > clock.GetUtcNow().AddDays(27));

        var id = sub.GetProperty("id").GetString();
        var cancelled = await (await client.PostAsJsonAsync($"/api/shop/subscriptions/{id}/cancel", new { atPeriodEnd = true })).Json();
        Assert.Equal(("active", true), (cancelled.GetProperty("status").GetString(), cancelled.GetProperty("cancelAtPeriodEnd").GetBoolean()));
        var other = await App.UserAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"/api/shop/subscriptions/{id}/cancel", new { atPeriodEnd = false })).StatusCode);
        clock.Advance(TimeSpan.FromDays(32));
        await RenewAsync();
        client = await App.LoginAsync("renewing", "long-password-renewing");
        Assert.Equal("canceled", (await SubscriptionAsync(client, "canceled")).GetProperty("status").GetString());
    }
}

public sealed class ShopSubscriptionTests_Sqlite() : ShopSubscriptionTests(Db.Sqlite);

public sealed class ShopSubscriptionTests_Postgres() : ShopSubscriptionTests(Db.Postgres);
