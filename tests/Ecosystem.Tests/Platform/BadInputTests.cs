using System.Net;
using System.Text;
using Ecosystem.Tests.Infrastructure;

namespace Ecosystem.Tests.Platform;

/// <summary>Bad input is a 400/422 problem with a code, never a 500, and writes nothing.</summary>
public abstract class BadInputTests(Db db) : AppTest(db)
{
    public static TheoryData<string, string> Cases => new()
    {
        { "/api/cards/me/purchases", "{" },
        { "/api/cards/me/purchases", "not json" },
        { "/api/cards/me/purchases", "[]" },
        { "/api/cards/me/purchases", "{}" },
        { "/api/cards/me/purchases", """{"amount":"100"}""" },
        { "/api/cards/me/purchases", """{"amount":12.5}""" },
        { "/api/cards/me/purchases", """{"amount":1e400}""" },
        { "/api/cards/me/purchases", """{"amount":99999999999999999999999999}""" },
        { "/api/cards/me/purchases", """{"amount":-1}""" },
        { "/api/cards/me/purchases", """{"amount":null}""" },
        { "/api/cards/me/purchases", """{"amount":100,"approved":true}""" },
        { "/api/cards/me/purchases", """{"amount":100,"availableLimit":99999999}""" },
        { "/api/cards/me/purchases", """{"amount":100,"userEcosystemId":"usr_someone_else"}""" },
        { "/api/cards/me/purchases", "{\"amount\":100,\"merchant\":\"" + new string('x', 5000) + "\"}" },
        { "/api/cards/me/purchases", """{"amount":100,"merchant":"bad\u0000name"}""" },
        { "/api/cards/me/purchases", """{"amount":100,"merchant":{"nested":true}}""" },
        { "/api/cards/me/signature", """{"signatureText":42}""" },
        { "/api/cards/me/signature", """{"signatureText":"I agree","status":"onboarded"}""" },
        { "/api/cards/me/signature", "{\"signatureText\":\"" + new string('a', 100_000) + "\"}" },
        { "/api/cards/me/signature", """{"signatureText":"I agree","role":"admin"}""" },
        { "/api/events", """{"eventName":"com.ecosystem.shell.navigation.clicked","metadata":"text"}""" },
        { "/api/events", """{"eventName":"Com.Ecosystem.Shell.Nav.Clicked"}""" },
        { "/api/events", """{"eventName":"com.ecosystem.shell.navigation.clicked","occurredAt":"yesterday"}""" },
        { "/api/events", """{"eventName":"com.ecosystem.shell.navigation.clicked","journeyId":"<script>"}""" },
        { "/api/events", """{}""" },
        { "/api/events", """{"eventName":"\ud800"}""" },
        { "/api/events", """{"eventName":"com.ecosystem.shell.navigation.clicked","channel":"\udfff"}""" },
        { "/api/events/batch", """{"events":[{"eventName":"\ud800"}]}""" },
        { "/api/auth/login", """{"username":["user"],"password":"user"}""" },
        { "/api/auth/login", """{"username":"user"}""" },
        { "/api/auth/login", """{"username":"user","password":"user","role":"admin"}""" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_is_a_4xx_problem_with_a_code_and_writes_nothing(string path, string body)
    {
        var user = await App.UserAsync();
        if (path != "/api/cards/me/signature")
        {
            await user.PostAsync("/api/cards/me/signature", new StringContent("""{"signatureText":"I agree"}""", Encoding.UTF8, "application/json"));
        }

        var before = await DatabaseSnapshot.SettledAsync(App.ConnectionString);
        var response = await user.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        if (path == "/api/events/batch")
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode); // a batch reports rejected events in its body
            Assert.Equal(1, (await response.Json()).GetProperty("rejected").GetArrayLength());
            Assert.Equal(before.Checksum, (await DatabaseSnapshot.SettledAsync(App.ConnectionString)).Checksum);
            return;
        }

        Assert.Contains((int)response.StatusCode, new[] { 400, 401, 413, 422 });
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrEmpty(await response.Code()));
        var after = await DatabaseSnapshot.TakeAsync(App.ConnectionString);
        Assert.True(before.Checksum == after.Checksum, before.Diff(after));
    }

    [Fact]
    public async Task A_wrong_content_type_is_a_problem_not_a_500()
    {
        var user = await App.UserAsync();
        var response = await user.PostAsync("/api/cards/me/purchases", new StringContent("amount=5", Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("UNSUPPORTED_MEDIA_TYPE", await response.Code());
    }
}

public sealed class BadInputTests_Sqlite() : BadInputTests(Db.Sqlite);

public sealed class BadInputTests_Postgres() : BadInputTests(Db.Postgres);
