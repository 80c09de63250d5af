using System.Security.Cryptography;
using System.Text;
using Ecosystem.Platform.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace Ecosystem.Tests.Platform;

/// <summary>Each provider's signature, computed here the way the provider documents it (not with the code under test).</summary>
public sealed class WebhookVerifierTests
{
    private const string Secret = "whsec_test_current";
    private const string OldSecret = "whsec_test_previous";
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
    private static readonly byte[] StripeBody = Encoding.UTF8.GetBytes("""{"id":"evt_1Q","object":"event","type":"invoice.payment_failed","data":{"object":{"id":"in_1"}}}""");

    private readonly FakeTimeProvider clock = new(Now);

    private static WebhookRequest Request(byte[] body, params (string Name, string Value)[] headers)
    {
        var h = new HeaderDictionary();
        foreach (var (name, value) in headers) h[name] = value;
        return new WebhookRequest(body, h);
    }

    private static string StripeSign(string secret, long t, byte[] body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.").Concat(body).ToArray()));

    private StripeWebhookVerifier Stripe(params string[] secrets) => new(new WebhookOptions { StripeSecrets = secrets }, clock);

    [Fact]
    public void Stripe_accepts_its_signature_and_names_the_event_id_and_type()
    {
        var t = Now.ToUnixTimeSeconds();
        var result = Stripe(Secret).Verify(Request(StripeBody, ("Stripe-Signature", $"t={t},v1={StripeSign(Secret, t, StripeBody)}")));
        Assert.True(result.IsValid, result.Reason);
        Assert.Equal(("evt_1Q", "invoice.payment_failed"), (result.EventId, result.EventType));
    }

    [Fact]
    public void Stripe_refuses_a_tampered_body_a_wrong_secret_and_a_missing_or_malformed_header()
    {
        var t = Now.ToUnixTimeSeconds();
        var header = $"t={t},v1={StripeSign(Secret, t, StripeBody)}";
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(StripeBody).Replace("in_1", "in_2", StringComparison.Ordinal));
        Assert.Equal("WEBHOOK_SIGNATURE_INVALID", Stripe(Secret).Verify(Request(tampered, ("Stripe-Signature", header))).FailureCode);
        Assert.Equal("WEBHOOK_SIGNATURE_INVALID", Stripe("whsec_other").Verify(Request(StripeBody, ("Stripe-Signature", header))).FailureCode);
        Assert.Equal("WEBHOOK_SIGNATURE_MISSING", Stripe(Secret).Verify(Request(StripeBody)).FailureCode);
        Assert.Equal("WEBHOOK_SIGNATURE_MALFORMED", Stripe(Secret).Verify(Request(StripeBody, ("Stripe-Signature", "v1=abc"))).FailureCode);
        Assert.Equal("WEBHOOK_SIGNATURE_MALFORMED", Stripe(Secret).Verify(Request(StripeBody, ("Stripe-Signature", $"t=soon,v1={StripeSign(Secret, t, StripeBody)}"))).FailureCode);
    }

    [Fact]
    public void Stripe_allows_300_seconds_either_way_and_no_more()
    {
        foreach (var (offset, valid) in new[] { (-300, true), (300, true), (-301, false), (301, false) })
        {
            var t = Now.AddSeconds(offset).ToUnixTimeSeconds();
            var result = Stripe(Secret).Verify(Request(StripeBody, ("Stripe-Signature", $"t={t},v1={StripeSign(Secret, t, StripeBody)}")));
            Assert.True(valid == result.IsValid, $"{offset} s: {result.Reason}");
            if (!valid) Assert.Equal("WEBHOOK_SIGNATURE_EXPIRED", result.FailureCode);
        }
    }

    [Fact]
    public void Stripe_secrets_rotate_on_both_sides()
    {
        var t = Now.ToUnixTimeSeconds();
        // Stripe rolls its secret: during the overlap it signs with both, and we still know only the old one.
        var both = $"t={t},v1={StripeSign(Secret, t, StripeBody)},v1={StripeSign(OldSecret, t, StripeBody)}";
        Assert.True(Stripe(OldSecret).Verify(Request(StripeBody, ("Stripe-Signature", both))).IsValid);
        // We added the new secret before Stripe switched: an event signed with the old one still passes.
        var old = $"t={t},v1={StripeSign(OldSecret, t, StripeBody)}";
        Assert.True(Stripe(Secret, OldSecret).Verify(Request(StripeBody, ("Stripe-Signature", old))).IsValid);
        // Once the old one is removed, it no longer does.
        Assert.False(Stripe(Secret).Verify(Request(StripeBody, ("Stripe-Signature", old))).IsValid);
    }

    [Fact]
    public void Stripe_refuses_a_signed_body_that_is_not_an_event()
    {
        var body = Encoding.UTF8.GetBytes("""{"object":"event"}""");
        var t = Now.ToUnixTimeSeconds();
        Assert.Equal("WEBHOOK_PAYLOAD_MALFORMED", Stripe(Secret).Verify(Request(body, ("Stripe-Signature", $"t={t},v1={StripeSign(Secret, t, body)}"))).FailureCode);
    }

    private static readonly byte[] WhatsAppBody = Encoding.UTF8.GetBytes("""
        {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp",
        "statuses":[{"id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA","status":"delivered","timestamp":"1750263773","recipient_id":"16505551234"}]},"field":"messages"}]}]}
        """);

    [Fact]
    public void WhatsApp_checks_X_Hub_Signature_256_and_dedupes_by_the_body()
    {
        var verifier = new WhatsAppWebhookVerifier(new WebhookOptions { WhatsAppAppSecrets = ["app-secret"] });
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData("app-secret"u8.ToArray(), WhatsAppBody));
        var result = verifier.Verify(Request(WhatsAppBody, ("X-Hub-Signature-256", signature)));
        Assert.True(result.IsValid, result.Reason);
        Assert.Equal("statuses", result.EventType);
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(WhatsAppBody)), result.EventId);

        Assert.Equal("WEBHOOK_SIGNATURE_INVALID", verifier.Verify(Request([.. WhatsAppBody, (byte)' '], ("X-Hub-Signature-256", signature))).FailureCode);
        Assert.Equal("WEBHOOK_SIGNATURE_MALFORMED", verifier.Verify(Request(WhatsAppBody, ("X-Hub-Signature-256", signature[7..]))).FailureCode);
        Assert.Equal("WEBHOOK_SIGNATURE_MISSING", verifier.Verify(Request(WhatsAppBody)).FailureCode);
    }

    [Fact]
    public void WhatsApp_answers_the_subscription_check_only_with_the_configured_token()
    {
        var verifier = new WhatsAppWebhookVerifier(new WebhookOptions { WhatsAppAppSecrets = ["s"], WhatsAppVerifyToken = "meatyhamhock" });
        QueryCollection Query(string mode, string token) => new(new Dictionary<string, Microsoft.Extensions.Primitives.StringValues>
        {
            ["hub.mode"] = mode, ["hub.verify_token"] = token, ["hub.challenge"] = "1158201444",
        });
        Assert.Equal("1158201444", ((IWebhookVerifier)verifier).AnswerChallenge(Query("subscribe", "meatyhamhock")));
        Assert.Null(((IWebhookVerifier)verifier).AnswerChallenge(Query("subscribe", "guess")));
        Assert.Null(((IWebhookVerifier)verifier).AnswerChallenge(Query("unsubscribe", "meatyhamhock")));
    }

    [Fact]
    public void Standard_webhooks_HMAC_signs_id_timestamp_and_body_with_the_base64_secret()
    {
        var key = RandomNumberGenerator.GetBytes(24);
        var secret = "whsec_" + Convert.ToBase64String(key);
        var body = Encoding.UTF8.GetBytes("""{"type":"order.paid","data":{"id":"o_1"}}""");
        var t = Now.ToUnixTimeSeconds();
        var mac = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"msg_1.{t}.").Concat(body).ToArray()));
        var verifier = new HmacWebhookVerifier("acme", [secret], new WebhookOptions(), clock);

        var ok = verifier.Verify(Request(body, ("webhook-id", "msg_1"), ("webhook-timestamp", t.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("webhook-signature", "v1,bm9wZQ== v1," + mac)));
        Assert.True(ok.IsValid, ok.Reason);
        Assert.Equal(("msg_1", "order.paid"), (ok.EventId, ok.EventType));

        var otherId = verifier.Verify(Request(body, ("webhook-id", "msg_2"), ("webhook-timestamp", t.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("webhook-signature", "v1," + mac)));
        Assert.Equal("WEBHOOK_SIGNATURE_INVALID", otherId.FailureCode);
        clock.Advance(TimeSpan.FromSeconds(301));
        var stale = verifier.Verify(Request(body, ("webhook-id", "msg_1"), ("webhook-timestamp", t.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("webhook-signature", "v1," + mac)));
        Assert.Equal("WEBHOOK_SIGNATURE_EXPIRED", stale.FailureCode);
    }
}
