using Ecosystem.Platform;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Payments;
using Ecosystem.Platform.Payments.Simulated;
using Ecosystem.Platform.Webhooks;
using Ecosystem.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Tests.Platform.Payments;

/// <summary>
/// The embedded gateway as a module uses it: Stripe's test cards decide, nothing is charged or refunded twice, and
/// subscriptions renew (and give up) on the clock, telling subscribed modules through the webhook inbox.
/// </summary>
public abstract class SimulatedPaymentGatewayTests(Db db) : AppTest(db)
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly TestClock clock = new(Start);
    private readonly InvoiceLog invoices = new();

    // No demo data: the shop's demo payments and trial would be charges and renewals of this gateway too.
    protected override Task<EcosystemApp> StartAsync() => EcosystemApp.StartAsync(Db, demo: false, services: s =>
    {
        EcosystemApp.UseClock(s, clock);
        s.AddSingleton(invoices);
        s.AddModule("paytest", typeof(SimulatedPaymentGatewayTests))
            .PaymentEventHandler<InvoiceHandler>(PaymentEvents.InvoicePaid, PaymentEvents.InvoicePaymentFailed, PaymentEvents.SubscriptionDeleted);
    });

    private async Task<T> WithGatewayAsync<T>(Func<IPaymentGateway, Task<T>> use)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<IPaymentGateway>());
    }

    private Task<CardSetupResult> SaveAsync(string number, string key, string customer = "cus_ours_1") =>
        WithGatewayAsync(g => g.SetupCardAsync(new CardSetupRequest(customer, "a@example.com", "Ada", key, new CardInput(number, 12, 2030, "123"), null), CancellationToken.None));

    private Task<ChargeResult> ChargeAsync(CardSetupResult card, long amount, string key, bool offSession = false) =>
        WithGatewayAsync(g => g.ChargeAsync(new ChargeRequest("cus_ours_1", card.GatewayCustomerId!, card.GatewayPaymentMethodId!, new Money(amount, "EUR"), "Order", key, offSession), CancellationToken.None));

    private Task<RefundResult> RefundAsync(string paymentId, long? amount, string key) =>
        WithGatewayAsync(g => g.RefundAsync(new RefundRequest(paymentId, amount is { } a ? new Money(a, "EUR") : null, key), CancellationToken.None));

    private Task<int> RenewAsync() => WithGatewayAsync(g => ((SimulatedPaymentGateway)g).RenewDueAsync(CancellationToken.None));

    [Fact]
    public async Task Saving_a_card_follows_the_documented_test_cards_and_a_repeated_key_answers_the_first_card()
    {
        Assert.Equal("simulated", await WithGatewayAsync(g => Task.FromResult(g.Name)));
        Assert.Equal(PaymentOutcome.Succeeded, (await SaveAsync("4242424242424242", "k1")).Status);
        Assert.Equal(PaymentOutcome.Declined, (await SaveAsync("4000000000000002", "k2")).Status);
        Assert.Equal(PaymentOutcome.InsufficientFunds, (await SaveAsync("4000000000009995", "k3")).Status);
        Assert.Equal(PaymentOutcome.ExpiredCard, (await SaveAsync("4000000000000069", "k4")).Status);
        Assert.Equal(PaymentOutcome.ProcessingError, (await SaveAsync("4000000000000119", "k5")).Status);
        Assert.Equal(PaymentOutcome.Declined, (await SaveAsync("4242424242424241", "k6")).Status);
        var again = await SaveAsync("4000000000000002", "k1");
        Assert.Equal((PaymentOutcome.Succeeded, "4242"), (again.Status, again.Last4));
        var mastercard = await SaveAsync("5555 5555 5555 4444", "k7");
        Assert.Equal(("mastercard", "4444", 12, 2030), (mastercard.Brand, mastercard.Last4, mastercard.ExpMonth, mastercard.ExpYear));
        Assert.Equal("CardInput { redacted }", new CardInput("4242424242424242", 1, 2030, "123").ToString());
    }

    [Fact]
    public async Task A_charge_is_made_once_per_key_and_the_test_cards_decline_or_ask_for_authentication()
    {
        var visa = await SaveAsync(SimulatedCards.Success, "visa");
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => ChargeAsync(visa, 1_250, "order-1")));
        Assert.All(results, r => Assert.Equal((PaymentOutcome.Succeeded, results[0].PaymentId, 1_250L), (r.Outcome, r.PaymentId, r.Amount.Minor)));
        await using (var scope = App.Services.CreateAsyncScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().SimulatedCharges.CountAsync());
        }

        var declines = await SaveAsync(SimulatedCards.SavesButChargesDecline, "0341");
        Assert.True(declines.Succeeded);
        var declined = await ChargeAsync(declines, 500, "order-2");
        Assert.Equal((PaymentOutcome.Declined, "card_declined"), (declined.Outcome, declined.DeclineCode));
        Assert.NotNull(declined.PaymentId);
        var strong = await SaveAsync(SimulatedCards.ChargesNeedAuthentication, "3184");
        Assert.Equal(PaymentOutcome.AuthenticationRequired, (await ChargeAsync(strong, 500, "order-3", offSession: true)).Outcome);
        Assert.Equal(PaymentOutcome.Invalid, (await ChargeAsync(visa with { GatewayPaymentMethodId = "pm_sim_nope" }, 500, "order-4")).Outcome);
        Assert.Equal(PaymentOutcome.Invalid, (await ChargeAsync(visa, 0, "order-5")).Outcome);
    }

    [Fact]
    public async Task Refunds_never_exceed_the_charge_even_when_ten_race()
    {
        var visa = await SaveAsync(SimulatedCards.Success, "visa");
        var charge = await ChargeAsync(visa, 1_000, "order-r");
        var partial = await RefundAsync(charge.PaymentId!, 300, "refund-1");
        Assert.Equal((PaymentOutcome.Succeeded, 300L, 300L), (partial.Outcome, partial.Amount!.Value.Minor, partial.RefundedSoFar!.Value.Minor));
        Assert.Equal(partial.RefundId, (await RefundAsync(charge.PaymentId!, 300, "refund-1")).RefundId);

        var racing = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => RefundAsync(charge.PaymentId!, 200, "race-" + i)));
        Assert.Equal(3, racing.Count(r => r.Succeeded)); // 700 left: three of 200 fit
        Assert.All(racing.Where(r => !r.Succeeded), r => Assert.Equal(PaymentOutcome.Invalid, r.Outcome));
        var rest = await RefundAsync(charge.PaymentId!, null, "refund-rest");
        Assert.Equal((100L, 1_000L), (rest.Amount!.Value.Minor, rest.RefundedSoFar!.Value.Minor));
        Assert.Equal(PaymentOutcome.Invalid, (await RefundAsync(charge.PaymentId!, null, "refund-more")).Outcome);
        Assert.Equal(PaymentOutcome.Invalid, (await RefundAsync("pi_sim_unknown", 100, "refund-x")).Outcome);
    }

    [Fact]
    public async Task A_subscription_with_a_trial_renews_when_its_period_ends_and_modules_hear_of_each_invoice()
    {
        var visa = await SaveAsync(SimulatedCards.Success, "visa");
        var started = await WithGatewayAsync(g => g.SubscribeAsync(new SubscriptionRequest("cus_ours_1", visa.GatewayCustomerId!, visa.GatewayPaymentMethodId!, "price_growth_monthly",
            new Money(4_900, "EUR"), BillingInterval.Month, 14, "sub-1"), CancellationToken.None));
        Assert.Equal(("trialing", Start.AddDays(14)), (started.Status, started.TrialEnd));

        Assert.Equal(0, await RenewAsync()); // not due yet
        clock.Advance(TimeSpan.FromDays(14) + TimeSpan.FromSeconds(1));
        // Two billing workers at once: the period is charged once.
        var renewed = await Task.WhenAll(RenewAsync(), RenewAsync());
        Assert.Equal(1, renewed.Sum());
        var paid = Assert.Single(invoices.Seen);
        Assert.Equal(("simulated", PaymentEvents.InvoicePaid, 4_900L), (paid.Provider, paid.Type, paid.Amount));
        Assert.Equal("cus_ours_1", paid.CustomerRef);

        var cancelled = await WithGatewayAsync(g => g.CancelSubscriptionAsync(new CancelSubscriptionRequest(started.SubscriptionId!, AtPeriodEnd: true, "cancel-1"), CancellationToken.None));
        Assert.Equal(("active", true), (cancelled.Status, cancelled.CancelAtPeriodEnd));
        clock.Advance(TimeSpan.FromDays(32));
        Assert.Equal(1, await RenewAsync());
        Assert.Equal([PaymentEvents.InvoicePaid, PaymentEvents.SubscriptionDeleted], invoices.Seen.Select(i => i.Type));
    }

    [Fact]
    public async Task A_renewal_that_keeps_failing_is_retried_daily_then_the_subscription_is_cancelled()
    {
        var card = await SaveAsync(SimulatedCards.SavesButChargesDecline, "0341");
        var sub = await WithGatewayAsync(g => g.SubscribeAsync(new SubscriptionRequest("cus_ours_1", card.GatewayCustomerId!, card.GatewayPaymentMethodId!, "price_growth_monthly",
            new Money(4_900, "EUR"), BillingInterval.Month, 7, "sub-2"), CancellationToken.None));
        for (var day = 0; day < SimulatedPaymentGateway.RenewalAttempts; day++)
        {
            clock.Advance(day == 0 ? TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1) : SimulatedPaymentGateway.RenewalRetry);
            Assert.Equal(1, await RenewAsync());
        }

        Assert.Equal(
            [PaymentEvents.InvoicePaymentFailed, PaymentEvents.InvoicePaymentFailed, PaymentEvents.InvoicePaymentFailed, PaymentEvents.SubscriptionDeleted],
            invoices.Seen.Select(i => i.Type));
        clock.Advance(TimeSpan.FromDays(40));
        Assert.Equal(0, await RenewAsync());

        // Without a trial the first period is charged at once: a card that cannot pay leaves it incomplete.
        var incomplete = await WithGatewayAsync(g => g.SubscribeAsync(new SubscriptionRequest("cus_ours_1", card.GatewayCustomerId!, card.GatewayPaymentMethodId!, "price_growth_monthly",
            new Money(4_900, "EUR"), BillingInterval.Month, 0, "sub-3"), CancellationToken.None));
        Assert.Equal(("incomplete", PaymentOutcome.Declined), (incomplete.Status, incomplete.Outcome));
        _ = sub;
    }
}

public sealed class SimulatedPaymentGatewayTests_Sqlite() : SimulatedPaymentGatewayTests(Db.Sqlite);

public sealed class SimulatedPaymentGatewayTests_Postgres() : SimulatedPaymentGatewayTests(Db.Postgres);

/// <summary>What the test module heard from the payment provider, in order.</summary>
public sealed class InvoiceLog
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<(string Provider, string Type, long Amount, string? CustomerRef)> seen = new();

    public IReadOnlyList<(string Provider, string Type, long Amount, string? CustomerRef)> Seen => [.. seen];

    public void Add(string provider, string type, long amount, string? customerRef) => seen.Enqueue((provider, type, amount, customerRef));
}

/// <summary>A module's payment-event subscriber, as the shop's will be.</summary>
internal sealed class InvoiceHandler(InvoiceLog log) : IWebhookHandler
{
    public Task<Result<string>> HandleAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        var o = webhookEvent.Payload.GetProperty("data").GetProperty("object");
        var amount = o.TryGetProperty("amount_due", out var a) ? a.GetInt64() : 0;
        var customerRef = o.GetProperty("metadata").GetProperty(PaymentMetadata.CustomerRef).GetString();
        log.Add(webhookEvent.Provider, webhookEvent.EventType!, amount, customerRef);
        return Task.FromResult<Result<string>>("noted");
    }
}
