using System.Globalization;
using Ecosystem.Platform.Payments.Stripe;
using Microsoft.Extensions.Configuration;

namespace Ecosystem.Platform.Payments;

/// <summary>
/// <c>Payments:*</c>: which gateway every module uses (<c>Payments:Provider</c>, <c>simulated</c> by default) and the
/// Stripe adapter's settings (<c>Payments:Stripe:*</c>). Read and validated once at start: an invalid setting stops the
/// start with one message naming each bad key, never its value. Registered always (a page that collects cards with
/// Stripe.js reads the publishable key from here).
/// </summary>
public sealed record PaymentOptions
{
    public const string SimulatedProvider = SimulatedPaymentGateway.ProviderName;
    public const string StripeProvider = "stripe";

    /// <summary><c>simulated</c> (default) or <c>stripe</c>.</summary>
    public string Provider { get; init; } = SimulatedProvider;

    public StripeOptions Stripe { get; init; } = new();

    public bool UsesStripe => Provider == StripeProvider;

    /// <summary>Parses and validates; throws <see cref="InvalidOperationException"/> listing every problem.</summary>
    public static PaymentOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();
        var root = configuration.GetSection("Payments");

        var provider = Blank(root["Provider"])?.ToLowerInvariant() ?? SimulatedProvider;
        if (provider is not (SimulatedProvider or StripeProvider))
        {
            problems.Add($"Payments:Provider must be one of {SimulatedProvider}, {StripeProvider}.");
            provider = SimulatedProvider;
        }

        var s = root.GetSection("Stripe");
        var secretKey = s["SecretKey"]?.Trim() ?? "";
        var stripe = new StripeOptions
        {
            BaseUri = Url(s["BaseUrl"], StripeOptions.DefaultBaseUrl, "Payments:Stripe:BaseUrl", problems),
            SecretKey = secretKey,
            PublishableKey = Blank(s["PublishableKey"]),
            Timeout = TimeSpan.FromSeconds(Whole(s["TimeoutSeconds"], 20, 1, 300, "Payments:Stripe:TimeoutSeconds", "a whole number of seconds", problems)),
            MaxNetworkRetries = Whole(s["MaxNetworkRetries"], StripeOptions.DefaultMaxNetworkRetries, 0, 5, "Payments:Stripe:MaxNetworkRetries", "a whole number", problems),
        };

        if (provider == StripeProvider)
        {
            if (secretKey.Length == 0)
            {
                problems.Add("Payments:Provider is 'stripe' but Payments:Stripe:SecretKey is not set (sk_test_… or sk_live_…; "
                    + "environment variable Payments__Stripe__SecretKey). Set it, or use Payments:Provider=simulated.");
            }
            else if (secretKey.StartsWith("pk_", StringComparison.Ordinal))
            {
                problems.Add("Payments:Stripe:SecretKey holds a publishable key (pk_…); the server needs the secret key (sk_… or rk_…).");
            }
            else if (!secretKey.StartsWith("sk_", StringComparison.Ordinal) && !secretKey.StartsWith("rk_", StringComparison.Ordinal))
            {
                problems.Add("Payments:Stripe:SecretKey does not look like a Stripe secret key (it must start with sk_ or rk_).");
            }
            else if (secretKey.Any(char.IsWhiteSpace))
            {
                problems.Add("Payments:Stripe:SecretKey contains white space.");
            }

            // Pages that collect a card do it with Stripe.js, which needs the publishable key.
            if (stripe.PublishableKey is null)
            {
                problems.Add("Payments:Provider is 'stripe' but Payments:Stripe:PublishableKey is not set (pk_test_… or pk_live_…; "
                    + "environment variable Payments__Stripe__PublishableKey); Stripe's card form needs it.");
            }
            else if (!stripe.PublishableKey.StartsWith("pk_", StringComparison.Ordinal) || stripe.PublishableKey.Length > 200
                || !stripe.PublishableKey.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                problems.Add("Payments:Stripe:PublishableKey does not look like a Stripe publishable key (pk_ followed by letters and digits).");
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid payment settings:\n- " + string.Join("\n- ", problems));
        }

        return new PaymentOptions { Provider = provider, Stripe = stripe };
    }

    public override string ToString() => $"PaymentOptions {{ Provider = {Provider}, Stripe = {Stripe} }}";

    private static Uri Url(string? value, string fallback, string key, List<string> problems)
    {
        var v = Blank(value) ?? fallback;
        if (Uri.TryCreate(v.EndsWith('/') ? v : v + "/", UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment) && string.IsNullOrEmpty(uri.UserInfo))
        {
            return uri;
        }

        problems.Add($"{key} must be an absolute http(s) URL without query or credentials.");
        return new Uri(fallback + "/");
    }

    private static int Whole(string? value, int fallback, int min, int max, string key, string what, List<string> problems)
    {
        if (Blank(value) is not { } v) return fallback;
        if (int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
        problems.Add($"{key} must be {what} from {min} to {max}.");
        return fallback;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
