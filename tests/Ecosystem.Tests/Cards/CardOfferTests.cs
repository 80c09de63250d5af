using System.Net;
using System.Net.Http.Json;
using Ecosystem.Tests.Infrastructure;

namespace Ecosystem.Tests.Cards;

public abstract class CardOfferTests(Db db) : AppTest(db)
{
    [Fact]
    public async Task An_admin_preapproves_a_new_person_who_then_sees_signs_and_spends_the_offer()
    {
        var admin = await App.AdminAsync();
        var created = await (await admin.PostAsJsonAsync("/api/admin/users", new { username = "newcomer", email = "new@example.com", password = "a long password" })).Json();
        var id = created.GetProperty("userEcosystemId").GetString();

        var offer = await admin.PostAsJsonAsync($"/api/admin/cards/{id}/offer", new { limit = 120_000, currency = "eur" });

        Assert.Equal(HttpStatusCode.Created, offer.StatusCode);
        var person = await App.LoginAsync("newcomer", "a long password");
        var card = await (await person.GetAsync("/api/cards/me")).Json();
        Assert.Equal("preapproved", card.GetProperty("status").GetString());
        Assert.Equal(120_000, card.GetProperty("availableLimit").GetInt64());
        Assert.Equal("EUR", card.GetProperty("currency").GetString());
        Assert.Equal(HttpStatusCode.OK, (await person.PostAsJsonAsync("/api/cards/me/signature", new { signatureText = "I agree" })).StatusCode);
        var purchase = await (await person.PostAsJsonAsync("/api/cards/me/purchases", new { amount = 20_000, merchant = "Books" })).Json();
        Assert.Equal(100_000, purchase.GetProperty("availableLimit").GetInt64());

        var again = await admin.PostAsJsonAsync($"/api/admin/cards/{id}/offer", new { limit = 999_999, currency = "EUR" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("CARD_EXISTS", await again.Code());
        Assert.Equal(100_000, (await (await person.GetAsync("/api/cards/me")).Json()).GetProperty("availableLimit").GetInt64());
    }

    [Fact]
    public async Task Offers_for_unknown_people_bad_limits_or_currencies_are_refused_and_customers_cannot_make_them()
    {
        var admin = await App.AdminAsync();
        var created = await (await admin.PostAsJsonAsync("/api/admin/users", new { username = "target", email = "t@example.com", password = "a long password" })).Json();
        var id = created.GetProperty("userEcosystemId").GetString();

        Assert.Equal("USER_NOT_FOUND", await (await admin.PostAsJsonAsync("/api/admin/cards/usr_nobody/offer", new { limit = 100, currency = "USD" })).Code());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await admin.PostAsJsonAsync($"/api/admin/cards/{id}/offer", new { limit = 0, currency = "USD" })).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await admin.PostAsJsonAsync($"/api/admin/cards/{id}/offer", new { limit = 100, currency = "XYZ" })).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await admin.PostAsJsonAsync($"/api/admin/cards/{id}/offer", new { limit = -5, currency = "USD" })).StatusCode);
        var customer = await App.UserAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.PostAsJsonAsync($"/api/admin/cards/{id}/offer", new { limit = 100, currency = "USD" })).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/admin/cards/{id}")).StatusCode);
    }
}

public sealed class CardOfferTests_Sqlite() : CardOfferTests(Db.Sqlite);

public sealed class CardOfferTests_Postgres() : CardOfferTests(Db.Postgres);
