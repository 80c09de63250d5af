using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ecosystem.Tests.Infrastructure;

namespace Ecosystem.Tests.Vouchers;

/// <summary>What the voucher tests do often: a station, an operator bound to it, a holder, a sent voucher, a redemption.</summary>
internal static class VoucherTestKit
{
    public static async Task<string> StationAsync(HttpClient admin, string engencode, double? lat = null, double? lng = null, string? phone = "0788 123 456")
    {
        var response = await admin.PostAsJsonAsync("/api/stations", new { name = "Station " + engencode, engencode, ownerContact = phone, latitude = lat, longitude = lng });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Json()).GetProperty("stationId").GetString()!;
    }

    /// <summary>A new person; with <paramref name="stationId"/>, bound to it as its operator (which gives the role).</summary>
    public static async Task<string> PersonAsync(EcosystemApp app, HttpClient admin, string username, string? stationId = null, string displayName = "Aline Uwase")
    {
        var created = await admin.PostAsJsonAsync("/api/admin/users", new { username, email = username + "@example.com", displayName, password = "long-password-" + username, roles = new[] { "user" } });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var id = (await created.Json()).GetProperty("userEcosystemId").GetString()!;
        if (stationId is not null)
        {
            var bound = await admin.PostAsJsonAsync($"/api/stations/{stationId}/operators", new { username });
            Assert.Equal(HttpStatusCode.OK, bound.StatusCode);
        }

        return id;
    }

    public static Task<HttpClient> LoginAsync(EcosystemApp app, string username) => app.LoginAsync(username, "long-password-" + username);

    public static async Task<JsonElement> IssueAsync(HttpClient admin, string holder, long amount = 5_000, string? scope = null, DateTimeOffset? expiresAt = null, bool send = true, string? phone = "+250788123456")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/vouchers") { Content = JsonContent.Create(new { userEcosystemId = holder, amount, stationScope = scope, expiresAt, phone }) };
        request.Headers.Add("Idempotency-Key", "issue-" + Guid.NewGuid());
        var response = await admin.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var voucher = await response.Json();
        if (!send) return voucher;
        var sent = await admin.PostAsync($"/api/vouchers/{voucher.GetProperty("voucherId").GetString()}/send", null);
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        return await sent.Json();
    }

    public static Task<HttpResponseMessage> RedeemAsync(HttpClient op, string code, string? key = null, string? stationId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/station/redemptions") { Content = JsonContent.Create(new { code, stationId }) };
        request.Headers.Add("Idempotency-Key", key ?? "redeem-" + Guid.NewGuid());
        return op.SendAsync(request);
    }

    public static async Task<long> StationBalanceAsync(HttpClient admin, string transferId)
    {
        var transfer = await (await admin.GetAsync($"/api/wallet/transfers/{transferId}")).Json();
        var account = transfer.GetProperty("creditAccountId").GetString()!;
        return (await (await admin.GetAsync($"/api/wallet/accounts/{account}")).Json()).GetProperty("balance").GetInt64();
    }

    public static async Task<List<JsonElement>> EventsAsync(HttpClient admin, string voucherId) =>
        (await (await admin.GetAsync($"/api/vouchers/{voucherId}/events")).Json()).EnumerateArray().ToList();
}
