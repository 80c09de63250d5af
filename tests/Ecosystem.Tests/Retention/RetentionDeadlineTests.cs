using System.Net;
using System.Net.Http.Json;
using Ecosystem.Platform;
using Ecosystem.Retention;
using Ecosystem.Retention.Data;
using Ecosystem.Retention.Interventions;
using Ecosystem.Platform.Payments;
using Ecosystem.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using static Ecosystem.Tests.Retention.RetentionTestKit;

namespace Ecosystem.Tests.Retention;

/// <summary>The 180-second box, enforced by the server, with a clock the test moves.</summary>
public abstract class RetentionDeadlineTests(Db db) : AppTest(db)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
    private readonly TestClock clock = new(Start);
    private readonly GatewayProbe gateway = new();

    protected override Task<EcosystemApp> StartAsync() => EcosystemApp.StartAsync(Db, services: s =>
    {
        EcosystemApp.UseClock(s, clock);
        s.RemoveAll<IPaymentGateway>();
        s.AddSingleton(gateway);
        s.AddScoped<SimulatedPaymentGateway>();
        s.AddScoped<IPaymentGateway, SlowGateway>();
    });

    [Fact]
    public async Task After_the_deadline_every_chat_call_is_410_and_the_sweeper_closes_the_session_as_abandoned()
    {
        var admin = await App.AdminAsync();
        var customerId = await AtRiskCustomerAsync(admin, Start, "late@example.com");
        var (sessionId, token) = await StartInterventionAsync(admin, customerId);
        var customer = App.CreateClient();
        await SayAsync(customer, token, "hi, why?");

        clock.Advance(TimeSpan.FromSeconds(179));
        Assert.Equal(HttpStatusCode.OK, (await customer.GetAsync($"/api/chat/{token}")).StatusCode);
        clock.Advance(TimeSpan.FromSeconds(1));
        foreach (var response in new[]
        {
            await customer.GetAsync($"/api/chat/{token}"),
            await customer.PostAsJsonAsync($"/api/chat/{token}/messages", new { content = "yes" }),
            await customer.PostAsJsonAsync($"/api/chat/{token}/payment-method", new { cardNumber = SuccessCard, expMonth = 12, expYear = 2030, cvc = "123" }),
        })
        {
            Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
            Assert.Equal("SESSION_EXPIRED", await response.Code());
        }

        await using (var scope = App.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<OperationContext>().ActorId = "test";
            await scope.ServiceProvider.GetRequiredService<InterventionService>().SweepAsync(CancellationToken.None);
        }

        var session = (await (await admin.GetAsync($"/api/retention/sessions/{sessionId}")).Json()).GetProperty("session");
        Assert.Equal(("abandoned", "abandoned"), (session.GetProperty("status").GetString(), session.GetProperty("outcome").GetString()));
        Assert.Equal(session.GetProperty("deadline").GetDateTimeOffset(), session.GetProperty("endTime").GetDateTimeOffset());
        Assert.Equal(180, session.GetProperty("resolutionTime").GetInt32());

        // Still at risk: an admin may try again, with a new link; the old one stays dead.
        var again = await StartInterventionAsync(admin, customerId);
        Assert.NotEqual(token, again.Token);
        Assert.Equal(HttpStatusCode.Gone, (await customer.GetAsync($"/api/chat/{token}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await customer.GetAsync($"/api/chat/{again.Token}")).StatusCode);

        await using var check = App.Services.CreateAsyncScope();
        var events = await check.ServiceProvider.GetRequiredService<RetentionDbContext>().Outbox.Where(o => o.EventName == "com.ecosystem.retention.intervention.abandoned").CountAsync();
        Assert.Equal(1, events);
    }

    [Fact]
    public async Task A_card_accepted_by_the_gateway_after_the_deadline_does_not_complete_the_session()
    {
        var admin = await App.AdminAsync();
        var customerId = await AtRiskCustomerAsync(admin, Start, "race@example.com");
        var (sessionId, token) = await StartInterventionAsync(admin, customerId);
        var customer = App.CreateClient();
        await SayAsync(customer, token, "yes");
        clock.Advance(TimeSpan.FromSeconds(170));

        // The request starts in time; while the gateway works, the timer runs out.
        gateway.OnSetup = () => clock.Advance(TimeSpan.FromSeconds(15));
        var response = await CardAsync(customer, token, SuccessCard, 2030);
        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Equal("SESSION_EXPIRED", await response.Code());
        Assert.Equal(1, gateway.Calls);

        await using (var scope = App.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<OperationContext>().ActorId = "test";
            await scope.ServiceProvider.GetRequiredService<InterventionService>().SweepAsync(CancellationToken.None);
        }

        var session = (await (await admin.GetAsync($"/api/retention/sessions/{sessionId}")).Json()).GetProperty("session");
        Assert.Equal("abandoned", session.GetProperty("status").GetString());
        var detail = await (await admin.GetAsync($"/api/retention/customers/{customerId}")).Json();
        Assert.Equal("at-risk", detail.GetProperty("customer").GetProperty("accountStatus").GetString());
        Assert.DoesNotContain(detail.GetProperty("paymentMethods").EnumerateArray(), p => p.GetProperty("lastFourDigits").GetString() == "4242");
    }

    [Fact]
    public async Task Inside_the_box_the_same_card_completes()
    {
        var admin = await App.AdminAsync();
        var (_, token) = await StartInterventionAsync(admin, await AtRiskCustomerAsync(admin, Start, "intime@example.com"));
        var customer = App.CreateClient();
        await SayAsync(customer, token, "yes");
        clock.Advance(TimeSpan.FromSeconds(170));
        gateway.OnSetup = () => clock.Advance(TimeSpan.FromSeconds(5));
        var chat = await (await CardAsync(customer, token, SuccessCard, 2030)).Json();
        Assert.Equal("payment-updated", chat.GetProperty("outcome").GetString());
    }

    /// <summary>What the test sets and reads about the gateway calls of the product's scopes.</summary>
    private sealed class GatewayProbe
    {
        public Action? OnSetup { get; set; }

        public int Calls { get; set; }
    }

    /// <summary>The simulated gateway, with the test's clock moved while it "works" on a card.</summary>
    private sealed class SlowGateway(SimulatedPaymentGateway inner, GatewayProbe probe) : IPaymentGateway
    {
        public string Name => "simulated";

        public Task<CardSetupResult> SetupCardAsync(CardSetupRequest request, CancellationToken cancellationToken)
        {
            probe.Calls++;
            probe.OnSetup?.Invoke();
            return inner.SetupCardAsync(request, cancellationToken);
        }

        public Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken) => inner.ChargeAsync(request, cancellationToken);

        public Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken) => inner.RefundAsync(request, cancellationToken);

        public Task<SubscriptionResult> SubscribeAsync(SubscriptionRequest request, CancellationToken cancellationToken) => inner.SubscribeAsync(request, cancellationToken);

        public Task<SubscriptionResult> CancelSubscriptionAsync(CancelSubscriptionRequest request, CancellationToken cancellationToken) => inner.CancelSubscriptionAsync(request, cancellationToken);
    }
}
