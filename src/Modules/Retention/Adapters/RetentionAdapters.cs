using System.Globalization;
using Ecosystem.Platform.Payments;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ecosystem.Retention.Adapters;

/// <summary>
/// Reads and validates <c>Retention:Payments</c>, <c>Retention:Stripe</c> and <c>Retention:Ai</c> and registers the real
/// adapters only when chosen. Invalid settings stop the start with one message naming every bad key (never its value).
/// The embedded defaults (simulated gateway, built-in agent) are registered by the module itself; this method replaces
/// any earlier <see cref="IPaymentGateway"/> / <see cref="IChatClient"/> registration when Stripe / OpenAI is chosen,
/// so register the defaults with <c>TryAdd…</c> or before calling it.
/// The HttpClientFactory's default request loggers are removed from both clients: at trace level they put request
/// headers into the log state unredacted (only the formatted text honours RedactLoggedHeaders), which would hand the
/// Authorization header to any structured sink. The adapters log their own outcomes instead.
/// </summary>
internal static class RetentionAdapters
{
    public const string HttpClientStripe = "retention-stripe";
    public const string HttpClientOpenAi = "retention-openai";
    public const string StripeJs = "https://js.stripe.com";
    public const string StripeApi = "https://api.stripe.com";

    public static IServiceCollection AddRetentionAdapters(this IServiceCollection services, IConfiguration configuration)
    {
        var (settings, stripe, ai) = Read(configuration);
        services.AddSingleton(settings);
        services.AddSingleton(stripe);
        services.TryAddSingleton(TimeProvider.System);

        if (settings.UsesStripe)
        {
            // Stripe.js and its card iframe on the chat page only; every other page keeps the default policy.
            services.AddSingleton(new Ecosystem.Platform.Http.CspAllowance("/chat/", [StripeJs], [StripeJs], [StripeApi]));
            services.RemoveAll<IPaymentGateway>();
            services.AddHttpClient<IPaymentGateway, StripePaymentGateway>(HttpClientStripe, client => client.Timeout = stripe.Timeout)
                .RemoveAllLoggers();
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
    internal static (RetentionAdapterSettings Settings, StripeOptions Stripe, OpenAiChatOptions? Ai) Read(IConfiguration configuration)
    {
        var problems = new List<string>();
        var root = configuration.GetSection("Retention");

        var payments = Choice(root["Payments:Provider"], "simulated", ["simulated", StripePaymentGateway.ProviderName], "Retention:Payments:Provider", problems);
        var aiProvider = Choice(root["Ai:Provider"], "builtin", ["builtin", OpenAiCompatibleChatClient.ProviderName], "Retention:Ai:Provider", problems);

        var s = root.GetSection("Stripe");
        var secretKey = s["SecretKey"]?.Trim() ?? "";
        var stripe = new StripeOptions
        {
            BaseUri = Url(s["BaseUrl"], StripeOptions.DefaultBaseUrl, "Retention:Stripe:BaseUrl", problems),
            SecretKey = secretKey,
            PublishableKey = Blank(s["PublishableKey"]),
            ApiVersion = Blank(s["ApiVersion"]) ?? StripeOptions.DefaultApiVersion,
            Timeout = Seconds(s["TimeoutSeconds"], 20, 300, "Retention:Stripe:TimeoutSeconds", problems),
        };
        if (payments == StripePaymentGateway.ProviderName)
        {
            if (secretKey.Length == 0)
            {
                problems.Add("Retention:Payments:Provider is 'stripe' but Retention:Stripe:SecretKey is not set (sk_test_… or sk_live_…; "
                    + "environment variable Retention__Stripe__SecretKey). Set it, or use Retention:Payments:Provider=simulated.");
            }
            else if (secretKey.StartsWith("pk_", StringComparison.Ordinal))
            {
                problems.Add("Retention:Stripe:SecretKey holds a publishable key (pk_…); the server needs the secret key (sk_… or rk_…).");
            }
            else if (!secretKey.StartsWith("sk_", StringComparison.Ordinal) && !secretKey.StartsWith("rk_", StringComparison.Ordinal))
            {
                problems.Add("Retention:Stripe:SecretKey does not look like a Stripe secret key (it must start with sk_ or rk_).");
            }

            // The chat page collects the card with Stripe.js, which needs the publishable key.
            if (stripe.PublishableKey is null)
            {
                problems.Add("Retention:Payments:Provider is 'stripe' but Retention:Stripe:PublishableKey is not set (pk_test_… or pk_live_…; "
                    + "environment variable Retention__Stripe__PublishableKey); the chat's card form needs it.");
            }
            else if (!stripe.PublishableKey.StartsWith("pk_", StringComparison.Ordinal) || stripe.PublishableKey.Length > 200
                || !stripe.PublishableKey.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                problems.Add("Retention:Stripe:PublishableKey does not look like a Stripe publishable key (pk_ followed by letters and digits).");
            }
        }

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

        return (new RetentionAdapterSettings(payments, aiProvider, ai?.Model), stripe, ai);
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

    /// <summary>An array (<c>WebhookSecrets:0</c>, <c>:1</c>…) or one comma-separated value.</summary>
    private static string[] List(IConfigurationSection section)
    {
        var values = section.GetChildren().Select(c => c.Value).Append(section.Value)
            .Where(v => v is not null)
            .SelectMany(v => v!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        return values.Distinct(StringComparer.Ordinal).ToArray();
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
