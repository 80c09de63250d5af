using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ecosystem.Retention.Chat;
using Ecosystem.Retention.Customers;
using Ecosystem.Retention.Data;
using Ecosystem.Retention.Sessions;
using Ecosystem.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Ecosystem.Tests.Retention.RetentionTestKit;

using static Ecosystem.Tests.Analytics.AnalyticsTestKit;

namespace Ecosystem.Tests.Retention;

public abstract class RetentionApiTests(Db db) : AppTest(db)
{
    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    [Fact]
    public async Task Demo_mode_seeds_both_risk_categories_with_every_severity_and_links_the_demo_user()
    {
        var admin = await App.AdminAsync();
        var page = await (await admin.GetAsync("/api/retention/customers?limit=200")).Json();
        var customers = page.GetProperty("items").EnumerateArray().ToList();
        Assert.True(customers.Count >= 8);
        var atRisk = customers.Where(c => c.GetProperty("accountStatus").GetString() == "at-risk").ToList();
        var failed = atRisk.Where(c => c.GetProperty("riskCategory").GetString() == "failed-payment").Select(c => c.GetProperty("riskSeverity").GetString()).ToHashSet();
        var expiring = atRisk.Where(c => c.GetProperty("riskCategory").GetString() == "expiring-card").Select(c => c.GetProperty("riskSeverity").GetString()).ToHashSet();
        Assert.Equal(["high", "low", "medium"], failed.Order());
        Assert.Contains("high", expiring);
        Assert.Contains("medium", expiring);
        Assert.Contains(customers, c => c.GetProperty("accountStatus").GetString() == "active");

        var user = await App.UserAsync();
        var me = await (await user.GetAsync("/api/me")).Json();
        Assert.Contains(customers, c => c.GetProperty("userEcosystemId").GetString() == me.GetProperty("userEcosystemId").GetString());
    }

    [Fact]
    public async Task Customer_360_and_the_chat_view_show_people_by_name_and_the_demo_user_has_one_email()
    {
        var admin = await App.AdminAsync();
        var customers = (await (await admin.GetAsync("/api/retention/customers?limit=200")).Json()).GetProperty("items").EnumerateArray().ToList();
        var maria = customers.Single(c => c.GetProperty("name").GetString() == "Maria Schneider");
        var mariaId = maria.GetProperty("userEcosystemId").GetString()!;

        // A retention customer without a sign-in account is named on the person page, which does not invent a write key.
        var person = await (await admin.GetAsync($"/admin/analytics/customers/{mariaId}")).Content.ReadAsStringAsync();
        Assert.Contains("Maria Schneider", person, StringComparison.Ordinal);
        Assert.Contains("maria.schneider@example.com", person, StringComparison.Ordinal);
        Assert.DoesNotContain("Unknown person", person, StringComparison.Ordinal);
        Assert.DoesNotContain("write key", person, StringComparison.Ordinal);

        // The demo user has the same e-mail in Identity and in Retention.
        var user = await App.UserAsync();
        var me = await (await user.GetAsync("/api/me")).Json();
        var demo = customers.Single(c => c.GetProperty("userEcosystemId").GetString() == me.GetProperty("userEcosystemId").GetString());
        var detail = await (await admin.GetAsync($"/api/retention/customers/{demo.GetProperty("customerId").GetString()}")).Json();
        Assert.Equal(me.GetProperty("email").GetString(), detail.GetProperty("customer").GetProperty("email").GetString());

        // The live chat view names the admin who started it.
        var customerId = await AtRiskCustomerAsync(admin, Now, "named-admin@example.com", name: "Nora Named");
        var (sessionId, _) = await StartInterventionAsync(admin, customerId);
        var chat = await (await admin.GetAsync($"/admin/retention/sessions/{sessionId}")).Content.ReadAsStringAsync();
        Assert.Contains("Demo Admin", chat, StringComparison.Ordinal);
        Assert.Contains("live (updates by itself)", chat, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("email", """{"name":"A","email":"not-an-email","plan":"Pro","accountValue":100,"paymentMethod":{"cardType":"visa","lastFourDigits":"1234","expiryMonth":1,"expiryYear":2030}}""")]
    [InlineData("accountValue", """{"name":"A","email":"a@example.com","plan":"Pro","accountValue":0,"paymentMethod":{"cardType":"visa","lastFourDigits":"1234","expiryMonth":1,"expiryYear":2030}}""")]
    [InlineData("paymentMethod.lastFourDigits", """{"name":"A","email":"a@example.com","plan":"Pro","accountValue":100,"paymentMethod":{"cardType":"visa","lastFourDigits":"12a4","expiryMonth":1,"expiryYear":2030}}""")]
    [InlineData("paymentMethod.expiryMonth", """{"name":"A","email":"a@example.com","plan":"Pro","accountValue":100,"paymentMethod":{"cardType":"visa","lastFourDigits":"1234","expiryMonth":13,"expiryYear":2030}}""")]
    [InlineData("paymentMethod.failureCount", """{"name":"A","email":"a@example.com","plan":"Pro","accountValue":100,"paymentMethod":{"cardType":"visa","lastFourDigits":"1234","expiryMonth":1,"expiryYear":2030,"failureCount":-1}}""")]
    [InlineData("paymentMethod.cardType", """{"name":"A","email":"a@example.com","plan":"Pro","accountValue":100,"paymentMethod":{"cardType":"diners","lastFourDigits":"1234","expiryMonth":1,"expiryYear":2030}}""")]
    public async Task Invalid_customers_are_422_with_the_field_and_nothing_is_written(string field, string body)
    {
        var admin = await App.AdminAsync();
        var before = (await (await admin.GetAsync("/api/retention/customers?limit=200")).Json()).GetProperty("items").GetArrayLength();
        var response = await admin.PostAsync("/api/retention/customers", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Json();
        Assert.Equal("VALIDATION_FAILED", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, (await (await admin.GetAsync("/api/retention/customers?limit=200")).Json()).GetProperty("items").GetArrayLength());
    }

    /// <summary>
    /// Parallel creations with one Idempotency-Key make one customer, and every caller gets the first answer, even
    /// where the duplicates' own writes collide on the customer's unique person first (PostgreSQL runs them all, ADR 0018).
    /// </summary>
    [Fact]
    public async Task Parallel_creations_with_one_idempotency_key_make_one_customer()
    {
        var admin = await App.AdminAsync();
        var expiry = Now.AddMonths(12);
        string Body(string name) => JsonSerializer.Serialize(new
        {
            name, email = "same-key@example.com", plan = "Pro", accountValue = 4_900, currency = "USD", customerSince = "2025-01-01T00:00:00Z",
            paymentMethod = new { cardType = "visa", lastFourDigits = "1111", expiryMonth = expiry.Month, expiryYear = expiry.Year, failureCount = 0 },
        });
        async Task<long> Customers()
        {
            await using var scope = App.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<RetentionDbContext>().Customers.LongCountAsync(c => c.Email == "same-key@example.com");
        }

        await IdempotencyHarness.AssertOneEffectAsync(
            new IdempotentCall(admin, HttpMethod.Post, "/api/retention/customers", Body("Same Key"), Body("Other Name"), "create-once"), 8, Customers);
    }

    [Fact]
    public async Task Unknown_fields_and_bad_filters_are_rejected()
    {
        var admin = await App.AdminAsync();
        var unknown = await admin.PostAsync("/api/retention/customers", new StringContent("""{"name":"A","accountStatus":"resolved"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var filter = await admin.GetAsync("/api/retention/customers?riskCategory=stolen-card");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, filter.StatusCode);
        var cursor = await admin.GetAsync("/api/retention/customers?cursor=" + Ecosystem.Platform.Http.Paging.Encode("nonsense"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, cursor.StatusCode);
        Assert.Equal("PERIOD_INVALID", await (await admin.GetAsync("/api/retention/metrics?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z")).Code());
    }

    [Fact]
    public async Task Keyset_pages_walk_every_customer_once_most_value_first_and_filters_apply()
    {
        var admin = await App.AdminAsync();
        var seen = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await (await admin.GetAsync("/api/retention/customers?limit=2" + (cursor is null ? "" : "&cursor=" + cursor))).Json();
            seen.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        var all = (await (await admin.GetAsync("/api/retention/customers?limit=200")).Json()).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(all.Select(c => c.GetProperty("customerId").GetString()), seen.Select(c => c.GetProperty("customerId").GetString()));
        Assert.Equal(seen.Count, seen.Select(c => c.GetProperty("customerId").GetString()).Distinct().Count());
        var values = seen.Select(c => c.GetProperty("accountValue").GetInt64()).ToList();
        Assert.Equal(values.OrderDescending(), values);

        var high = (await (await admin.GetAsync("/api/retention/customers?status=at-risk&riskCategory=failed-payment&riskSeverity=high")).Json()).GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(high);
        Assert.All(high, c => Assert.Equal(("at-risk", "failed-payment", "high"), (c.GetProperty("accountStatus").GetString(), c.GetProperty("riskCategory").GetString(), c.GetProperty("riskSeverity").GetString())));
    }

    [Fact]
    public async Task The_risk_scan_marks_expiring_and_failed_cards_and_a_second_scan_changes_nothing()
    {
        var admin = await App.AdminAsync();
        var expired = await CreateCustomerAsync(admin, Now, "expired@example.com", expiryMonthsFromNow: -1, value: 30_000);
        var failing = await CreateCustomerAsync(admin, Now, "failing@example.com", failures: 3, value: 30_000);
        var healthy = await CreateCustomerAsync(admin, Now, "healthy@example.com", expiryMonthsFromNow: 24);

        var first = await (await admin.PostAsync("/api/retention/risk-scan", null)).Json();
        Assert.Equal(2, first.GetProperty("newlyAtRisk").GetInt32());
        var second = await (await admin.PostAsync("/api/retention/risk-scan", null)).Json();
        Assert.Equal(0, second.GetProperty("newlyAtRisk").GetInt32());
        Assert.Equal(0, second.GetProperty("regraded").GetInt32());

        async Task<JsonElement> Customer(string id) => (await (await admin.GetAsync($"/api/retention/customers/{id}")).Json()).GetProperty("customer");
        Assert.Equal(("at-risk", "expiring-card", "high"), Triple(await Customer(expired)));
        Assert.Equal(("at-risk", "failed-payment", "high"), Triple(await Customer(failing)));
        Assert.Equal("active", (await Customer(healthy)).GetProperty("accountStatus").GetString());

        var notAtRisk = await admin.PostAsync($"/api/retention/customers/{healthy}/interventions", null);
        Assert.Equal(HttpStatusCode.Conflict, notAtRisk.StatusCode);
        Assert.Equal("NOT_AT_RISK", await notAtRisk.Code());
        Assert.Equal("CUSTOMER_NOT_FOUND", await (await admin.PostAsync("/api/retention/customers/cus_nope/interventions", null)).Code());

        static (string?, string?, string?) Triple(JsonElement c) => (c.GetProperty("accountStatus").GetString(), c.GetProperty("riskCategory").GetString(), c.GetProperty("riskSeverity").GetString());
    }

    [Fact]
    public async Task A_whole_recovery_greets_by_name_answers_asks_collects_the_card_and_resolves_the_customer()
    {
        var admin = await App.AdminAsync();
        var customerId = await AtRiskCustomerAsync(admin, Now, "anna@example.com", name: "Anna Example");
        var (sessionId, token) = await StartInterventionAsync(admin, customerId);
        var running = await admin.PostAsync($"/api/retention/customers/{customerId}/interventions", null);
        Assert.Equal("INTERVENTION_RUNNING", await running.Code());

        var customer = App.CreateClient();
        var chat = await (await customer.GetAsync($"/api/chat/{token}")).Json();
        Assert.Equal("initiated", chat.GetProperty("status").GetString());
        Assert.True(chat.GetProperty("secondsLeft").GetInt32() is > 170 and <= 180);
        var greeting = LastAi(chat);
        Assert.Contains("Anna", greeting, StringComparison.Ordinal);
        Assert.Contains("$49.00", greeting, StringComparison.Ordinal);

        chat = await SayAsync(customer, token, "Is this safe? Do you store my card?");
        Assert.Equal("in-progress", chat.GetProperty("status").GetString());
        Assert.Contains("last four", LastAi(chat), StringComparison.Ordinal);
        Assert.False(chat.GetProperty("cardFormOpen").GetBoolean());
        Assert.Equal("CARD_NOT_REQUESTED", await (await CardAsync(customer, token, SuccessCard)).Code());

        chat = await SayAsync(customer, token, "ok, let's do it");
        Assert.Equal("payment-requested", chat.GetProperty("status").GetString());
        Assert.True(chat.GetProperty("cardFormOpen").GetBoolean());

        var declined = await CardAsync(customer, token, "4000000000000002");
        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        chat = await declined.Json();
        Assert.Equal("payment-requested", chat.GetProperty("status").GetString());
        Assert.Contains("declined", LastAi(chat), StringComparison.OrdinalIgnoreCase);

        var saved = await CardAsync(customer, token, "4242 4242 4242 4242");
        chat = await saved.Json();
        Assert.Equal("completed", chat.GetProperty("status").GetString());
        Assert.Equal("payment-updated", chat.GetProperty("outcome").GetString());
        Assert.Equal("SESSION_CLOSED", await (await customer.PostAsJsonAsync($"/api/chat/{token}/messages", new { content = "thanks" })).Code());

        var detail = await (await admin.GetAsync($"/api/retention/customers/{customerId}")).Json();
        Assert.Equal("resolved", detail.GetProperty("customer").GetProperty("accountStatus").GetString());
        var card = detail.GetProperty("paymentMethods").EnumerateArray().Single(p => p.GetProperty("isDefault").GetBoolean());
        Assert.Equal(("visa", "4242", 12, "active", "simulated"), (card.GetProperty("cardType").GetString(), card.GetProperty("lastFourDigits").GetString(), card.GetProperty("expiryMonth").GetInt32(), card.GetProperty("status").GetString(), card.GetProperty("gateway").GetString()));

        var session = await (await admin.GetAsync($"/api/retention/sessions/{sessionId}")).Json();
        var s = session.GetProperty("session");
        Assert.True(s.GetProperty("paymentAttempted").GetBoolean());
        Assert.Equal(2, s.GetProperty("paymentAttempts").GetInt32());
        Assert.True(s.GetProperty("endTime").GetDateTimeOffset() > s.GetProperty("startTime").GetDateTimeOffset());
        Assert.True(s.GetProperty("resolutionTime").GetInt32() <= 180);
        var types = session.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("messageType").GetString()).ToList();
        Assert.Equal("greeting", types[0]);
        Assert.Equal("confirmation", types[^1]);

        // The link reached the customer through the notification outbox.
        var notes = await (await admin.GetAsync($"/api/admin/notifications?reference={sessionId}")).Json();
        var note = Assert.Single(notes.GetProperty("items").EnumerateArray());
        Assert.Contains("/chat/" + token, note.GetProperty("body").GetString()!, StringComparison.Ordinal);
        Assert.Equal(("retention", "/chat/" + token), (note.GetProperty("module").GetString(), new Uri(note.GetProperty("link").GetString()!).AbsolutePath));

        // No card number anywhere in the database: not in the audit log, the events, the messages.
        await using var scope = App.Services.CreateAsyncScope();
        var dbc = scope.ServiceProvider.GetRequiredService<RetentionDbContext>();
        Assert.False(await dbc.AuditLog.AnyAsync(a => a.After!.Contains("4242424242424242") || a.Before!.Contains("4242424242424242")));
        Assert.False(await dbc.Outbox.AnyAsync(o => o.Metadata.Contains("4242424242424242") || o.Metadata.Contains("4000000000000002")));
        Assert.False(await dbc.Messages.AnyAsync(m => m.Content.Contains("4242")  && m.Sender == Sender.Customer));
        var events = await dbc.Outbox.Where(o => o.EventName.StartsWith("com.ecosystem.retention.")).Select(o => o.EventName).ToListAsync();
        Assert.Contains("com.ecosystem.retention.intervention.started", events);
        Assert.Contains("com.ecosystem.retention.chat.message.sent", events);
        Assert.Contains("com.ecosystem.retention.payment-method.updated", events);
        Assert.Single(events, e => e == "com.ecosystem.retention.intervention.completed");
    }

    [Fact]
    public async Task Customer_360_lists_retention_among_products_and_shows_the_latest_risk_state()
    {
        var admin = await App.AdminAsync();
        var customerId = await AtRiskCustomerAsync(admin, Now, "c360@example.com", name: "Clara Dreisechzig");
        var person = (await (await admin.GetAsync($"/api/retention/customers/{customerId}")).Json()).GetProperty("customer").GetProperty("userEcosystemId").GetString();
        var atRisk = await WaitFor360Async(admin, person!, v => v.GetProperty("retention").ValueKind == JsonValueKind.Object);
        Assert.Contains("retention", atRisk.GetProperty("products").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(("at-risk", "failed-payment"), (atRisk.GetProperty("retention").GetProperty("accountStatus").GetString(), atRisk.GetProperty("retention").GetProperty("riskCategory").GetString()));

        var (_, token) = await StartInterventionAsync(admin, customerId);
        var customer = App.CreateClient();
        await SayAsync(customer, token, "yes");
        await CardAsync(customer, token, SuccessCard);
        var resolved = await WaitFor360Async(admin, person!, v => v.GetProperty("retention").ValueKind == JsonValueKind.Object && v.GetProperty("retention").GetProperty("accountStatus").GetString() == "resolved");
        Assert.Equal("resolved", resolved.GetProperty("retention").GetProperty("accountStatus").GetString());
    }

    [Fact]
    public async Task A_refusal_ends_the_chat_politely_as_customer_declined()
    {
        var admin = await App.AdminAsync();
        var customerId = await AtRiskCustomerAsync(admin, Now, "bert@example.com", name: "Bert Beispiel");
        var (_, token) = await StartInterventionAsync(admin, customerId);
        var customer = App.CreateClient();
        var chat = await SayAsync(customer, token, "Nein, ich will kündigen.");
        Assert.Equal("completed", chat.GetProperty("status").GetString());
        Assert.Equal("customer-declined", chat.GetProperty("outcome").GetString());
        var detail = await (await admin.GetAsync($"/api/retention/customers/{customerId}")).Json();
        Assert.Equal("churned", detail.GetProperty("customer").GetProperty("accountStatus").GetString());
    }

    [Fact]
    public async Task A_soft_no_gets_one_reminder_and_a_second_no_ends_the_chat()
    {
        var admin = await App.AdminAsync();
        var (_, token) = await StartInterventionAsync(admin, await AtRiskCustomerAsync(admin, Now, "carla@example.com"));
        var customer = App.CreateClient();
        var chat = await SayAsync(customer, token, "not now");
        Assert.Equal("in-progress", chat.GetProperty("status").GetString());
        chat = await SayAsync(customer, token, "no, later");
        Assert.Equal("customer-declined", chat.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Gateway_errors_allow_retries_then_end_as_technical_failure()
    {
        var admin = await App.AdminAsync();
        var customerId = await AtRiskCustomerAsync(admin, Now, "dan@example.com");
        var (_, token) = await StartInterventionAsync(admin, customerId);
        var customer = App.CreateClient();
        await SayAsync(customer, token, "yes");
        var first = await (await CardAsync(customer, token, "4000000000000119")).Json();
        Assert.Equal("payment-requested", first.GetProperty("status").GetString());
        await CardAsync(customer, token, "4000000000009995");
        var third = await (await CardAsync(customer, token, "4000000000000069")).Json();
        Assert.Equal("completed", third.GetProperty("status").GetString());
        Assert.Equal("technical-failure", third.GetProperty("outcome").GetString());
        var detail = await (await admin.GetAsync($"/api/retention/customers/{customerId}")).Json();
        Assert.Equal("at-risk", detail.GetProperty("customer").GetProperty("accountStatus").GetString());
    }

    [Fact]
    public async Task An_operator_can_lower_the_card_attempts_per_chat_without_a_restart()
    {
        var admin = await App.AdminAsync();
        var changed = await admin.PutAsJsonAsync("/api/admin/settings/retention.max_payment_attempts", new { value = 1 });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(3, (await changed.Json()).GetProperty("default").GetInt32());
        var (_, token) = await StartInterventionAsync(admin, await AtRiskCustomerAsync(admin, Now, "fay@example.com"));
        var customer = App.CreateClient();
        await SayAsync(customer, token, "yes");
        var first = await (await CardAsync(customer, token, "4000000000000119")).Json();
        Assert.Equal("completed", first.GetProperty("status").GetString());
        Assert.Equal("technical-failure", first.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Card_input_is_validated_and_a_card_number_typed_in_the_chat_is_refused_not_stored()
    {
        var admin = await App.AdminAsync();
        var (sessionId, token) = await StartInterventionAsync(admin, await AtRiskCustomerAsync(admin, Now, "eve@example.com"));
        var customer = App.CreateClient();
        var typed = await customer.PostAsJsonAsync($"/api/chat/{token}/messages", new { content = "here it is 4242 4242 4242 4242" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, typed.StatusCode);
        Assert.Equal("CARD_IN_CHAT", await typed.Code());
        await SayAsync(customer, token, "yes please");
        foreach (var (body, field) in new[]
        {
            ("""{"cardNumber":"4242424242424241","expMonth":12,"expYear":2040,"cvc":"123"}""", "cardNumber"),
            ("""{"cardNumber":"4242424242424242","expMonth":13,"expYear":2040,"cvc":"123"}""", "expMonth"),
            ("""{"cardNumber":"4242424242424242","expMonth":12,"expYear":2001,"cvc":"123"}""", "expYear"),
            ("""{"cardNumber":"4242424242424242","expMonth":12,"expYear":2040,"cvc":"12"}""", "cvc"),
            // A Stripe token is refused while the simulated gateway is configured.
            ("""{"paymentMethodId":"pm_card_visa"}""", "paymentMethodId"),
        })
        {
            var response = await customer.PostAsync($"/api/chat/{token}/payment-method", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.True((await response.Json()).GetProperty("errors").TryGetProperty(field, out _));
        }

        var session = await (await admin.GetAsync($"/api/retention/sessions/{sessionId}")).Json();
        Assert.Equal(0, session.GetProperty("session").GetProperty("paymentAttempts").GetInt32());
        Assert.DoesNotContain(session.GetProperty("messages").EnumerateArray(), m => m.GetProperty("content").GetString()!.Contains("4242", StringComparison.Ordinal));
        Assert.Equal("CHAT_NOT_FOUND", await (await customer.GetAsync("/api/chat/" + new string('A', 43))).Code());
    }

    [Fact]
    public async Task Two_admins_starting_at_once_get_exactly_one_session()
    {
        var admin = await App.AdminAsync();
        var customerId = await AtRiskCustomerAsync(admin, Now, "frank@example.com");
        var other = await App.AdminAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => (i % 2 == 0 ? admin : other).PostAsync($"/api/retention/customers/{customerId}/interventions", null)));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var r in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
            Assert.Equal("INTERVENTION_RUNNING", await r.Code());
        }

        await using var scope = App.Services.CreateAsyncScope();
        var dbc = scope.ServiceProvider.GetRequiredService<RetentionDbContext>();
        Assert.Equal(1, await dbc.Sessions.CountAsync(s => s.CustomerId == customerId));
    }

    [Fact]
    public async Task Metrics_equal_a_recount_from_the_raw_sessions()
    {
        var admin = await App.AdminAsync();
        var customer = App.CreateClient();
        var a = await StartInterventionAsync(admin, await AtRiskCustomerAsync(admin, Now, "m1@example.com", value: 4_900));
        await SayAsync(customer, a.Token, "yes");
        await CardAsync(customer, a.Token, SuccessCard);
        var b = await StartInterventionAsync(admin, await AtRiskCustomerAsync(admin, Now, "m2@example.com", value: 12_900));
        await SayAsync(customer, b.Token, "sure");
        await CardAsync(customer, b.Token, SuccessCard);
        var c = await StartInterventionAsync(admin, await AtRiskCustomerAsync(admin, Now, "m3@example.com"));
        await SayAsync(customer, c.Token, "stop contacting me");
        await StartInterventionAsync(admin, await AtRiskCustomerAsync(admin, Now, "m4@example.com"));

        var from = Now.AddHours(-1);
        var to = Now.AddHours(1);
        var metrics = await (await admin.GetAsync($"/api/retention/metrics?from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}")).Json();

        await using var scope = App.Services.CreateAsyncScope();
        var sessions = await scope.ServiceProvider.GetRequiredService<RetentionDbContext>().Sessions.AsNoTracking().ToListAsync();
        var inPeriod = sessions.Where(s => s.StartTime >= from && s.StartTime < to).ToList();
        var wins = inPeriod.Where(s => s.Outcome == SessionOutcome.PaymentUpdated).ToList();
        Assert.Equal(4, inPeriod.Count);
        Assert.Equal(inPeriod.Count, metrics.GetProperty("totalInterventions").GetInt32());
        Assert.Equal(wins.Count, metrics.GetProperty("successfulResolutions").GetInt32());
        Assert.True(metrics.GetProperty("successfulResolutions").GetInt32() <= metrics.GetProperty("totalInterventions").GetInt32());
        Assert.Equal(Math.Round(wins.Average(s => (double)s.ResolutionTime!.Value), 1), metrics.GetProperty("averageResolutionTime").GetDouble());
        Assert.Equal(Math.Round(wins.Count * 100.0 / inPeriod.Count, 1), metrics.GetProperty("customerRetentionRate").GetDouble());
        var revenue = metrics.GetProperty("revenueRetained").EnumerateArray().Single();
        Assert.Equal((wins.Sum(s => s.AccountValue), "USD"), (revenue.GetProperty("amount").GetInt64(), revenue.GetProperty("currency").GetString()));
        Assert.Equal(4_900 + 12_900, revenue.GetProperty("amount").GetInt64());
    }
}

public sealed class RetentionApiTests_Sqlite() : RetentionApiTests(Db.Sqlite);

public sealed class RetentionApiTests_Postgres() : RetentionApiTests(Db.Postgres);
