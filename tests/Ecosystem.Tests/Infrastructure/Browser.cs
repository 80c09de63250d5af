using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Ecosystem.Tests.Infrastructure;

/// <summary>
/// A browser-like client for the Razor pages: it keeps its own cookies (so tests can read and plant them), does not
/// follow redirects, and reads the antiforgery token from a page's form as a browser would submit it.
/// </summary>
public sealed partial class Browser
{
    private readonly Dictionary<string, string> cookies = new(StringComparer.Ordinal);

    public Browser(EcosystemApp app, string baseAddress = "http://localhost")
    {
        Client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri(baseAddress) });
    }

    public HttpClient Client { get; }

    /// <summary>Every <c>Set-Cookie</c> header this browser received, as sent.</summary>
    public List<string> SetCookieHeaders { get; } = [];

    public string? Cookie(string name) => cookies.TryGetValue(name, out var v) ? v : null;

    public void SetCookie(string name, string? value)
    {
        if (value is null) cookies.Remove(name);
        else cookies[name] = value;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        if (cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => c.Key + "=" + c.Value)));
        var response = await Client.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var set))
        {
            foreach (var header in set)
            {
                SetCookieHeaders.Add(header);
                var pair = header.Split(';', 2)[0];
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                var (name, value) = (pair[..eq], pair[(eq + 1)..]);
                var expired = header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase) || value.Length == 0;
                SetCookie(name, expired ? null : value);
            }
        }

        return response;
    }

    public Task<HttpResponseMessage> GetAsync(string url) => SendAsync(HttpMethod.Get, url);

    /// <summary>The antiforgery token of the first form on the page.</summary>
    public async Task<string> FormTokenAsync(string url)
    {
        var response = await GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var match = TokenField().Match(html);
        Assert.True(match.Success, $"no antiforgery token on {url}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>Posts a form; <paramref name="tokenFrom"/> is the page whose form supplies the antiforgery token (null: send none).</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string url, Dictionary<string, string> fields, string? tokenFrom)
    {
        var all = new Dictionary<string, string>(fields);
        if (tokenFrom is not null) all["__RequestVerificationToken"] = await FormTokenAsync(tokenFrom);
        return await SendAsync(HttpMethod.Post, url, new FormUrlEncodedContent(all));
    }

    /// <summary>Logs in through the login page; asserts the redirect that follows a success.</summary>
    public async Task<HttpResponseMessage> LoginAsync(string username, string password)
    {
        var response = await PostFormAsync("/login", new() { ["username"] = username, ["password"] = password }, tokenFrom: "/login");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.NotNull(Cookie("eco_session"));
        return response;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
