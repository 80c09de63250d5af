using System.Net;
using System.Net.Http.Json;
using Ecosystem.Tests.Infrastructure;

namespace Ecosystem.Tests.Platform;

public abstract class EventsApiTests(Db db) : AppTest(db)
{
    [Fact]
    public async Task A_client_event_is_accepted_with_202_and_stored_for_the_caller_and_journey()
    {
        var user = await App.UserAsync();
        var id = (await (await user.GetAsync("/api/me")).Json()).GetProperty("userEcosystemId").GetString()!;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/events")
        {
            Content = JsonContent.Create(new { eventName = "com.ecosystem.shell.navigation.clicked", occurredAt = DateTimeOffset.UtcNow.AddSeconds(-3), metadata = new { target = "credit-card" } }),
        };
        request.Headers.Add("X-Journey-Id", "jny_client_journey_42");
        var response = await user.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var eventId = (await response.Json()).GetProperty("eventId").GetString();
        Assert.StartsWith("evt_", eventId);
        Assert.Equal("jny_client_journey_42", response.Headers.GetValues("X-Journey-Id").Single());

        var admin = await App.AdminAsync();
        var stored = (await AuditAndEventsTests.EventsAsync(admin, id, 2)).Single(e => e.GetProperty("eventId").GetString() == eventId);
        Assert.Equal("com.ecosystem.shell.navigation.clicked", stored.GetProperty("eventName").GetString());
        Assert.Equal("jny_client_journey_42", stored.GetProperty("journeyId").GetString());
        Assert.Equal("client", stored.GetProperty("source").GetString());
        Assert.Equal("credit-card", stored.GetProperty("metadata").GetProperty("target").GetString());
        Assert.True(stored.GetProperty("receivedAt").GetDateTimeOffset() >= stored.GetProperty("occurredAt").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("com.ecosystem.credit-card")]
    [InlineData("com.acme.credit-card.offer.viewed")]
    [InlineData("com.ecosystem.Credit-Card.offer.viewed")]
    [InlineData("com.ecosystem.credit--card.offer.viewed")]
    [InlineData("com.ecosystem.credit_card.offer.viewed")]
    [InlineData("com.ecosystem.credit-card.offer.item.viewed.extra")] // two sub-entities: one at most
    public async Task An_event_name_outside_the_convention_is_422(string name)
    {
        var user = await App.UserAsync();
        var response = await user.PostAsJsonAsync("/api/events", new { eventName = name });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("EVENT_NAME_INVALID", await response.Code());
    }

    [Fact]
    public async Task Anonymous_callers_cannot_send_events()
    {
        var response = await App.CreateClient().PostAsJsonAsync("/api/events", new { eventName = "com.ecosystem.credit-card.offer.viewed" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Every_response_carries_a_journey_id_and_a_valid_one_sent_is_kept()
    {
        var client = App.CreateClient();
        var fresh = await client.GetAsync("/health/live");
        Assert.StartsWith("jny_", fresh.Headers.GetValues("X-Journey-Id").Single());
        using var bad = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        bad.Headers.Add("X-Journey-Id", "x;drop table");
        var replaced = await client.SendAsync(bad);
        Assert.StartsWith("jny_", replaced.Headers.GetValues("X-Journey-Id").Single());
    }

    [Fact]
    public async Task Health_endpoints_report_live_and_ready()
    {
        var client = App.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }
}

public sealed class EventsApiTests_Sqlite() : EventsApiTests(Db.Sqlite);

public sealed class EventsApiTests_Postgres() : EventsApiTests(Db.Postgres);

public sealed class RoutingTests() : AppTest(Db.Sqlite)
{
    [Fact]
    public async Task Unknown_api_paths_are_404_problems_and_wrong_methods_405()
    {
        var anonymous = App.CreateClient();
        var missing = await anonymous.GetAsync("/api/does-not-exist");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("NOT_FOUND", await missing.Code());
        var user = await App.UserAsync();
        var wrongMethod = await user.DeleteAsync("/api/cards/me");
        Assert.Equal(System.Net.HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Unknown_page_urls_answer_404_with_the_error_page_not_a_redirect(bool signedIn)
    {
        var client = signedIn
            ? await App.UserAsync()
            : App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        foreach (var path in new[] { "/no-such-page", "/app/no-such-page", "/admin/nothing/here" })
        {
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.NotFound, $"{path}: {(int)response.StatusCode} {response.Headers.Location}");
            Assert.Equal(path, response.RequestMessage!.RequestUri!.AbsolutePath); // answered in place, no redirect
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Page not found", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Machines still get problems, with the code, for unknown API paths and for a missing health check.
        var api = await client.GetAsync("/api/no-such-thing");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.Equal("NOT_FOUND", await api.Code());
        Assert.Equal("application/problem+json", (await client.GetAsync("/health/nothing")).Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_error_page_opened_directly_answers_the_status_it_shows()
    {
        var anonymous = App.CreateClient();
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await anonymous.GetAsync("/error/404")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await anonymous.GetAsync("/error/403")).StatusCode);
    }
}
