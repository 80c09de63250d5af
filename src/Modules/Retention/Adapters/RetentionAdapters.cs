using System.Globalization;
using Ecosystem.Platform.Payments;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ecosystem.Retention.Adapters;

/// <summary>
/// Reads and validates <c>Retention:Ai</c> and registers the OpenAI-compatible chat client only when chosen. Invalid
/// settings stop the start with one message naming every bad key (never its value). The embedded default (the built-in
/// agent) is registered by the module itself; this method replaces any earlier <see cref="IChatClient"/> registration
/// when OpenAI is chosen, so register the default with <c>TryAdd…</c> or before calling it.
/// Payments are the shared core's (<c>Payments:*</c>, <see cref="PaymentOptions"/>); what stays here is the chat page's
/// Content-Security-Policy allowance for Stripe.js when the gateway is Stripe, and a refusal of the old
/// <c>Retention:Payments:*</c> / <c>Retention:Stripe:*</c> keys, so a configuration that still uses them does not
/// silently fall back to the simulated gateway.
/// The HttpClientFactory's default request loggers are removed from the client: at trace level they put request
/// headers into the log state unredacted (only the formatted text honours RedactLoggedHeaders), which would hand the
/// Authorization header to any structured sink. The adapter logs its own outcomes instead.
/// </summary>
internal static class RetentionAdapters
{
    public const string HttpClientOpenAi = "retention-openai";
    public const string StripeJs = "https://js.stripe.com";
    public const string StripeApi = "https://api.stripe.com";

    /// <summary>Keys that moved to the shared core with issue 16.</summary>
    private static readonly (string Old, string New)[] Moved =
    [
        ("Retention:Payments:Provider", "Payments:Provider"),
        ("Retention:Stripe:SecretKey", "Payments:Stripe:SecretKey"),
        ("Retention:Stripe:PublishableKey", "Payments:Stripe:PublishableKey"),
        ("Retention:Stripe:BaseUrl", "Payments:Stripe:BaseUrl"),
        ("Retention:Stripe:TimeoutSeconds", "Payments:Stripe:TimeoutSeconds"),
        ("Retention:Stripe:ApiVersion", "(none: Stripe.net pins the API version)"),
    ];

    public static IServiceCollection AddRetentionAdapters(this IServiceCollection services, IConfiguration configuration)
    {
        var (settings, ai) = Read(configuration);
        services.AddSingleton(settings);
        services.TryAddSingleton(TimeProvider.System);

        if (PaymentOptions.From(configuration).UsesStripe)
        {
            // Stripe.js and its card iframe on the chat page only; every other page keeps the default policy.
            services.AddSingleton(new Ecosystem.Platform.Http.CspAllowance("/chat/", [StripeJs], [StripeJs], [StripeApi]));
        }

        if (settings.UsesOpenAi)
        {
            services.AddSingleton(ai!);
            services.RemoveAll<IChatClient>();
            services.AddHttpClient<IChatClient, OpenAiCompatibleChatClient>(HttpClientOpenAi, client => client.Timeout = ai!.Timeout)
                .RemoveAllLoggers();
        }

        return services;
    }

    /// <summary>Parses and validates; throws <see cref="InvalidOperationException"/> listing every problem.</summary>
    internal static (RetentionAdapterSettings Settings, OpenAiChatOptions? Ai) Read(IConfiguration configuration)
    {
        var problems = new List<string>();
        var root = configuration.GetSection("Retention");

        foreach (var (old, moved) in Moved)
        {
            if (!string.IsNullOrWhiteSpace(configuration[old])) problems.Add($"{old} is no longer read: payments moved to the shared core; use {moved}.");
        }

        var aiProvider = Choice(root["Ai:Provider"], "builtin", ["builtin", OpenAiCompatibleChatClient.ProviderName], "Retention:Ai:Provider", problems);

        OpenAiChatOptions? ai = null;
        if (aiProvider == OpenAiCompatibleChatClient.ProviderName)
        {
            var a = root.GetSection("Ai");
            if (string.IsNullOrWhiteSpace(a["BaseUrl"]))
            {
                problems.Add("Retention:Ai:Provider is 'openai' but Retention:Ai:BaseUrl is not set (e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1 for Ollama).");
            }

            if (string.IsNullOrWhiteSpace(a["Model"]))
            {
                problems.Add("Retention:Ai:Provider is 'openai' but Retention:Ai:Model is not set (e.g. gpt-4o-mini or llama3.1).");
            }

            ai = new OpenAiChatOptions
            {
                BaseUri = Url(a["BaseUrl"], "https://api.openai.com/v1", "Retention:Ai:BaseUrl", problems),
                Model = a["Model"]?.Trim() ?? "",
                ApiKey = Blank(a["ApiKey"]),
                Timeout = Seconds(a["TimeoutSeconds"], 30, 600, "Retention:Ai:TimeoutSeconds", problems),
            };
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid Retention adapter settings:\n- " + string.Join("\n- ", problems));
        }

        return (new RetentionAdapterSettings(aiProvider, ai?.Model), ai);
    }

    private static string Choice(string? value, string fallback, string[] allowed, string key, List<string> problems)
    {
        var v = Blank(value)?.ToLowerInvariant() ?? fallback;
        if (allowed.Contains(v)) return v;
        problems.Add($"{key} must be one of {string.Join(", ", allowed)}.");
        return fallback;
    }

    private static Uri Url(string? value, string fallback, string key, List<string> problems)
    {
        var v = Blank(value) ?? fallback;
        if (Uri.TryCreate(v.EndsWith('/') ? v : v + "/", UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.UserInfo))
        {
            return uri;
        }

        problems.Add($"{key} must be an absolute http(s) URL without query or credentials.");
        return new Uri(fallback.EndsWith('/') ? fallback : fallback + "/");
    }

    private static TimeSpan Seconds(string? value, int fallback, int max, string key, List<string> problems)
    {
        if (Blank(value) is not { } v) return TimeSpan.FromSeconds(fallback);
        if (int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= max) return TimeSpan.FromSeconds(n);
        problems.Add($"{key} must be a whole number of seconds from 1 to {max}.");
        return TimeSpan.FromSeconds(fallback);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
