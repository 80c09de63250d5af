using System.Text.Json;
using Ecosystem.Campaigns.Settings;
using Ecosystem.Campaigns.WhatsApp;
using Ecosystem.Tests.Infrastructure;

namespace Ecosystem.Tests.Campaigns;

/// <summary>The WhatsApp Cloud API adapter against a local fake of Meta's Graph API: the template request it sends and how it reads answers.</summary>
public sealed class CloudApiSenderTests
{
    [Fact]
    public async Task Template_messages_carry_language_variables_media_and_the_token_and_errors_keep_their_codes()
    {
        await using var meta = await LoopbackServer.StartAsync((request, ctx) =>
        {
            using var doc = JsonDocument.Parse(request.Body);
            var to = doc.RootElement.GetProperty("to").GetString()!;
            return to[^1] switch
            {
                '1' => LoopbackServer.JsonAsync(ctx, 200, """{"messaging_product":"whatsapp","contacts":[{"input":"x","wa_id":"x"}],"messages":[{"id":"wamid.OK1"}]}"""),
                '2' => LoopbackServer.JsonAsync(ctx, 400, """{"error":{"message":"Message undeliverable","type":"OAuthException","code":131026}}"""),
                '3' => LoopbackServer.JsonAsync(ctx, 429, """{"error":{"message":"Rate limit hit","code":130429}}"""),
                _ => LoopbackServer.JsonAsync(ctx, 503, "{}"),
            };
        });
        var options = new WhatsAppOptions { Provider = "cloud", BaseUrl = new Uri(meta.BaseAddress, "/v21.0/"), PhoneNumberId = "1055", AccessToken = "token-abc" };
        using var http = new HttpClient();
        var sender = new CloudApiWhatsAppSender(http, options);
        var template = new MessageTemplate("promo_fuel", "weekend_fuel_promo", "rw", "marketing", "Muraho {{1}}, {{2}}", "https://cdn.example/fuel.png");
        var outcomes = await sender.SendAsync(
            [.. new[] { "+250788000001", "+250788000002", "+250788000003", "+250788000004" }.Select(n => new OutgoingMessage(n, template, ["Aline", "10%"], "Muraho Aline, 10%"))],
            CancellationToken.None);

        Assert.Equal("wamid.OK1", outcomes[0].MessageId);
        Assert.Equal(("131026", false), (outcomes[1].ErrorCode, outcomes[1].Transient));
        Assert.Equal(("130429", true), (outcomes[2].ErrorCode, outcomes[2].Transient));
        Assert.Equal(("503", true), (outcomes[3].ErrorCode, outcomes[3].Transient));

        var first = meta.Requests.Single(r => r.Body.Contains("250788000001", StringComparison.Ordinal));
        Assert.Equal(("POST", "/v21.0/1055/messages"), (first.Method, first.Path));
        Assert.Equal("Bearer token-abc", first.Header("Authorization"));
        using var body = JsonDocument.Parse(first.Body);
        var t = body.RootElement.GetProperty("template");
        Assert.Equal(("template", "weekend_fuel_promo", "rw"), (body.RootElement.GetProperty("type").GetString(), t.GetProperty("name").GetString(), t.GetProperty("language").GetProperty("code").GetString()));
        var components = t.GetProperty("components").EnumerateArray().ToList();
        Assert.Equal("https://cdn.example/fuel.png", components[0].GetProperty("parameters")[0].GetProperty("image").GetProperty("link").GetString());
        Assert.Equal(["Aline", "10%"], components[1].GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("text").GetString()!).ToArray());
    }

    [Fact]
    public async Task A_send_without_an_answer_is_not_known_and_is_reported_so()
    {
        var options = new WhatsAppOptions { Provider = "cloud", BaseUrl = new Uri("http://127.0.0.1:9/v21.0/"), PhoneNumberId = "1055", AccessToken = "t" };
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var outcome = (await new CloudApiWhatsAppSender(http, options).SendAsync(
            [new OutgoingMessage("+250788000001", new MessageTemplate("a", "a", "en", "marketing", "Hi"), [], "Hi")], CancellationToken.None)).Single();
        Assert.Equal("NO_ANSWER", outcome.ErrorCode);
    }
}
