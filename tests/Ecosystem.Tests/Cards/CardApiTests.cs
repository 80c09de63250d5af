using System.Net;
using System.Net.Http.Json;
using Ecosystem.Tests.Infrastructure;

namespace Ecosystem.Tests.Cards;

public abstract class CardApiTests(Db db) : AppTest(db)
{
    private static Task<HttpResponseMessage> Buy(HttpClient c, long amount, string? merchant = null) =>
        c.PostAsJsonAsync("/api/cards/me/purchases", new { amount, merchant });

    private static Task<HttpResponseMessage> Sign(HttpClient c, string text = "I agree") =>
        c.PostAsJsonAsync("/api/cards/me/signature", new { signatureText = text });

    [Fact]
    public async Task Demo_user_starts_with_a_preapproved_offer_of_5000_USD()
    {
        var user = await App.UserAsync();
        var card = await (await user.GetAsync("/api/cards/me")).Json();
        Assert.Equal("preapproved", card.GetProperty("status").GetString());
        Assert.Equal(500_000, card.GetProperty("preapprovedLimit").GetInt64());
        Assert.Equal(500_000, card.GetProperty("currentLimit").GetInt64());
        Assert.Equal(500_000, card.GetProperty("availableLimit").GetInt64());
        Assert.Equal("USD", card.GetProperty("currency").GetString());
        Assert.StartsWith("usr_", card.GetProperty("userEcosystemId").GetString());
    }

    [Fact]
    public async Task A_person_without_an_offer_gets_404_NO_CARD_OFFER()
    {
        var admin = await App.AdminAsync();
        var response = await admin.GetAsync("/api/cards/me");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NO_CARD_OFFER", await response.Code());
    }

    [Fact]
    public async Task Signing_requires_exactly_I_agree_and_onboards_once()
    {
        var user = await App.UserAsync();
        foreach (var wrong in new[] { "i agree", "I agree!", "", "I  agree", "yes" })
        {
            var bad = await Sign(user, wrong);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
            Assert.Equal("SIGNATURE_TEXT_INVALID", await bad.Code());
        }

        var ok = await Sign(user, "  I agree \t");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var card = await ok.Json();
        Assert.Equal("onboarded", card.GetProperty("status").GetString());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, card.GetProperty("signedAt").ValueKind);

        var again = await Sign(user);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("ALREADY_ONBOARDED", await again.Code());
    }

    [Fact]
    public async Task Purchases_before_onboarding_are_refused_with_CARD_NOT_ONBOARDED()
    {
        var user = await App.UserAsync();
        var response = await Buy(user, 100);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("CARD_NOT_ONBOARDED", await response.Code());
        var raise = await user.PostAsync("/api/cards/me/raise-limit", null);
        Assert.Equal("CARD_NOT_ONBOARDED", await raise.Code());
    }

    [Fact]
    public async Task Approved_purchase_lowers_available_limit_and_a_purchase_over_it_is_declined_with_INSUFFICIENT_LIMIT()
    {
        var user = await App.UserAsync();
        await Sign(user);
        var approved = await Buy(user, 120_00, "Coffee Corner");
        Assert.Equal(HttpStatusCode.Created, approved.StatusCode);
        var p = await approved.Json();
        Assert.True(p.GetProperty("approved").GetBoolean());
        Assert.Equal(500_000 - 12_000, p.GetProperty("availableLimit").GetInt64());
        Assert.StartsWith("pur_", p.GetProperty("purchaseId").GetString());

        var declined = await Buy(user, 500_000);
        Assert.Equal(HttpStatusCode.Created, declined.StatusCode);
        var d = await declined.Json();
        Assert.False(d.GetProperty("approved").GetBoolean());
        Assert.Equal("INSUFFICIENT_LIMIT", d.GetProperty("reason").GetString());
        Assert.Equal(488_000, d.GetProperty("availableLimit").GetInt64());

        var card = await (await user.GetAsync("/api/cards/me")).Json();
        Assert.Equal(488_000, card.GetProperty("availableLimit").GetInt64());
        Assert.Equal(500_000, card.GetProperty("currentLimit").GetInt64());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(1_000_000_000_001)]
    public async Task Non_positive_or_absurd_amounts_are_422(long amount)
    {
        var user = await App.UserAsync();
        await Sign(user);
        var response = await Buy(user, amount);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("VALIDATION_FAILED", await response.Code());
    }

    [Fact]
    public async Task Purchase_history_is_newest_first_and_paged_with_a_cursor()
    {
        var user = await App.UserAsync();
        await Sign(user);
        for (var i = 1; i <= 5; i++) await Buy(user, i * 100);
        var first = await (await user.GetAsync("/api/cards/me/purchases?limit=2")).Json();
        var amounts = first.GetProperty("items").EnumerateArray().Select(x => x.GetProperty("amount").GetInt64()).ToList();
        Assert.Equal([500L, 400L], amounts);
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await (await user.GetAsync($"/api/cards/me/purchases?limit=2&cursor={cursor}")).Json();
        Assert.Equal([300L, 200L], second.GetProperty("items").EnumerateArray().Select(x => x.GetProperty("amount").GetInt64()).ToList());
        var third = await (await user.GetAsync($"/api/cards/me/purchases?limit=2&cursor={second.GetProperty("nextCursor").GetString()}")).Json();
        Assert.Single(third.GetProperty("items").EnumerateArray());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, third.GetProperty("nextCursor").ValueKind);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await user.GetAsync("/api/cards/me/purchases?limit=0")).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await user.GetAsync("/api/cards/me/purchases?cursor=%%%")).StatusCode);
    }

    [Fact]
    public async Task Raising_adds_half_the_preapproved_limit_up_to_three_times_it()
    {
        var user = await App.UserAsync();
        await Sign(user);
        await Buy(user, 1_000);
        long[] expected = [750_000, 1_000_000, 1_250_000, 1_500_000];
        foreach (var limit in expected)
        {
            var card = await (await user.PostAsync("/api/cards/me/raise-limit", null)).Json();
            Assert.Equal(limit, card.GetProperty("currentLimit").GetInt64());
            Assert.Equal(limit - 1_000, card.GetProperty("availableLimit").GetInt64());
        }

        var capped = await user.PostAsync("/api/cards/me/raise-limit", null);
        Assert.Equal(HttpStatusCode.Conflict, capped.StatusCode);
        Assert.Equal("LIMIT_CAP_REACHED", await capped.Code());
    }

    [Fact]
    public async Task Reset_restores_the_preapproved_limit_keeps_onboarding_and_history()
    {
        var user = await App.UserAsync();
        await Sign(user);
        await user.PostAsync("/api/cards/me/raise-limit", null);
        await Buy(user, 40_000);
        var reset = await (await user.PostAsync("/api/cards/me/reset", null)).Json();
        Assert.Equal("onboarded", reset.GetProperty("status").GetString());
        Assert.Equal(500_000, reset.GetProperty("currentLimit").GetInt64());
        Assert.Equal(500_000, reset.GetProperty("availableLimit").GetInt64());
        var history = await (await user.GetAsync("/api/cards/me/purchases")).Json();
        Assert.Single(history.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Admin_sees_any_card_and_a_full_reset_returns_it_to_preapproved()
    {
        var user = await App.UserAsync();
        await Sign(user);
        var id = (await (await user.GetAsync("/api/me")).Json()).GetProperty("userEcosystemId").GetString();
        var admin = await App.AdminAsync();
        var card = await (await admin.GetAsync($"/api/admin/cards/{id}")).Json();
        Assert.Equal("onboarded", card.GetProperty("status").GetString());

        var full = await (await admin.PostAsync($"/api/admin/cards/{id}/reset?full=true", null)).Json();
        Assert.Equal("preapproved", full.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await Sign(user)).StatusCode);

        var missing = await admin.GetAsync("/api/admin/cards/usr_00000000000000000000000000000000");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("NO_CARD_OFFER", await missing.Code());
    }

    [Fact]
    public async Task Card_admin_endpoints_are_forbidden_to_customers()
    {
        var user = await App.UserAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/api/admin/cards/usr_x")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.PostAsync("/api/admin/cards/usr_x/reset?full=true", null)).StatusCode);
        var anonymous = App.CreateClient();
        var response = await anonymous.GetAsync("/api/cards/me");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("UNAUTHENTICATED", await response.Code());
    }
}

public sealed class CardApiTests_Sqlite() : CardApiTests(Db.Sqlite);

public sealed class CardApiTests_Postgres() : CardApiTests(Db.Postgres);
