using System.Security.Cryptography;
using System.Text;
using Ecosystem.Retention.Adapters;
using Ecosystem.Tests.Infrastructure;

namespace Ecosystem.Tests.Retention.Adapters;

public sealed class StripeWebhookVerifierTests
{
    private const string Secret = "whsec_test_current";
    private const string OldSecret = "whsec_test_previous";
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    private const string Payload = """
        {"id":"evt_1Q","object":"event","type":"setup_intent.succeeded","created":1795341600,"livemode":false,
         "data":{"object":{"id":"seti_123","object":"setup_intent","status":"succeeded","customer":"cus_9",
         "payment_method":"pm_42","metadata":{"ecosystem_customer_ref":"rcus_7"}}}}
        """;

    private readonly TestClock clock = new(Now);
    private StripeWebhookVerifier Verifier => new(clock);

    /// <summary>Signed the way Stripe documents it, independently of the code under test.</summary>
    private static string Sign(string secret, long t, string payload) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{payload}")));

    private static long T(DateTimeOffset at) => at.ToUnixTimeSeconds();

    [Fact]
    public void A_correctly_signed_event_is_accepted_with_its_id_type_and_object()
    {
        var header = $"t={T(Now)},v1={Sign(Secret, T(Now), Payload)}";

        var result = Verifier.Verify(Payload, header, [Secret]);

        Assert.True(result.IsValid, result.Reason);
        Assert.Equal("evt_1Q", result.Event!.Id);
        Assert.Equal("setup_intent.succeeded", result.Event.Type);
        Assert.Equal("seti_123", result.Event.ObjectId);
        Assert.Equal("setup_intent", result.Event.ObjectType);
        Assert.Equal("pm_42", result.Event.ObjectString("payment_method"));
        Assert.Equal("rcus_7", result.Event.Metadata("ecosystem_customer_ref"));
        Assert.False(result.Event.LiveMode);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795341600), result.Event.Created);
    }

    [Fact]
    public void The_raw_bytes_overload_verifies_the_same_signature()
    {
        var header = $"t={T(Now)},v1={Sign(Secret, T(Now), Payload)}";
        Assert.True(Verifier.Verify(Encoding.UTF8.GetBytes(Payload), header, [Secret]).IsValid);
    }

    [Fact]
    public void A_tampered_body_is_refused_as_a_bad_signature()
    {
        var header = $"t={T(Now)},v1={Sign(Secret, T(Now), Payload)}";

        var result = Verifier.Verify(Payload.Replace("pm_42", "pm_43", StringComparison.Ordinal), header, [Secret]);

        Assert.False(result.IsValid);
        Assert.Equal(StripeWebhookFailure.BadSignature, result.Failure);
        Assert.Equal("STRIPE_SIGNATURE_INVALID", result.Code);
        Assert.Null(result.Event);
    }

    [Fact]
    public void A_signature_made_with_another_secret_or_a_shifted_timestamp_is_refused()
    {
        Assert.Equal(StripeWebhookFailure.BadSignature,
            Verifier.Verify(Payload, $"t={T(Now)},v1={Sign("whsec_attacker", T(Now), Payload)}", [Secret]).Failure);
        // the timestamp is part of what is signed: replaying a signature with a fresh t does not work
        Assert.Equal(StripeWebhookFailure.BadSignature,
            Verifier.Verify(Payload, $"t={T(Now)},v1={Sign(Secret, T(Now) - 3600, Payload)}", [Secret]).Failure);
    }

    [Fact]
    public void A_timestamp_older_than_300_seconds_is_refused_even_when_correctly_signed()
    {
        var t = T(Now.AddSeconds(-301));
        var result = Verifier.Verify(Payload, $"t={t},v1={Sign(Secret, t, Payload)}", [Secret]);

        Assert.Equal(StripeWebhookFailure.OutsideTolerance, result.Failure);
        Assert.Equal("STRIPE_SIGNATURE_EXPIRED", result.Code);

        var edge = T(Now.AddSeconds(-300));
        Assert.True(Verifier.Verify(Payload, $"t={edge},v1={Sign(Secret, edge, Payload)}", [Secret]).IsValid);
    }

    [Fact]
    public void A_timestamp_more_than_300_seconds_in_the_future_is_refused()
    {
        var t = T(Now.AddSeconds(301));
        Assert.Equal(StripeWebhookFailure.OutsideTolerance,
            Verifier.Verify(Payload, $"t={t},v1={Sign(Secret, t, Payload)}", [Secret]).Failure);

        var skewed = T(Now.AddSeconds(120));
        Assert.True(Verifier.Verify(Payload, $"t={skewed},v1={Sign(Secret, skewed, Payload)}", [Secret]).IsValid);
    }

    [Fact]
    public void The_tolerance_follows_the_injected_clock()
    {
        var header = $"t={T(Now)},v1={Sign(Secret, T(Now), Payload)}";
        Assert.True(Verifier.Verify(Payload, header, [Secret]).IsValid);

        clock.Advance(TimeSpan.FromMinutes(6));

        Assert.Equal(StripeWebhookFailure.OutsideTolerance, Verifier.Verify(Payload, header, [Secret]).Failure);
        Assert.True(Verifier.Verify(Payload, header, [Secret], TimeSpan.FromMinutes(10)).IsValid);
    }

    [Fact]
    public void During_a_secret_roll_any_v1_entry_may_match()
    {
        // Stripe signs with every active secret while the endpoint secret is rolled: one v1 entry per secret
        var header = $"t={T(Now)},v1={Sign("whsec_new_at_stripe", T(Now), Payload)},v1={Sign(Secret, T(Now), Payload)},v0=ignored";
        Assert.True(Verifier.Verify(Payload, header, [Secret]).IsValid);
    }

    [Fact]
    public void After_rotating_our_secret_both_the_new_and_the_previous_one_verify()
    {
        var signedWithOld = $"t={T(Now)},v1={Sign(OldSecret, T(Now), Payload)}";
        var signedWithNew = $"t={T(Now)},v1={Sign(Secret, T(Now), Payload)}";

        Assert.True(Verifier.Verify(Payload, signedWithOld, [Secret, OldSecret]).IsValid);
        Assert.True(Verifier.Verify(Payload, signedWithNew, [Secret, OldSecret]).IsValid);
        Assert.Equal(StripeWebhookFailure.BadSignature, Verifier.Verify(Payload, signedWithOld, [Secret]).Failure);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_missing_header_is_refused(string? header)
    {
        var result = Verifier.Verify(Payload, header, [Secret]);
        Assert.Equal(StripeWebhookFailure.MissingHeader, result.Failure);
        Assert.Equal("STRIPE_SIGNATURE_MISSING", result.Code);
    }

    [Theory]
    [InlineData("v1=abc")]
    [InlineData("t=1795341600")]
    [InlineData("t=yesterday,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("t=-5,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("t=1795341600,v1=not-hex-not-hex-not-hex-not-hex-not-hex-not-hex-not-hex-not-hex-")]
    [InlineData("t=1795341600,t=1795341601,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("garbage")]
    public void A_header_without_a_numeric_timestamp_and_a_v1_signature_is_malformed(string header)
    {
        Assert.Equal(StripeWebhookFailure.MalformedHeader, Verifier.Verify(Payload, header, [Secret]).Failure);
    }

    [Fact]
    public void Without_a_configured_secret_nothing_verifies()
    {
        var header = $"t={T(Now)},v1={Sign(Secret, T(Now), Payload)}";
        Assert.Equal(StripeWebhookFailure.NotConfigured, Verifier.Verify(Payload, header, []).Failure);
        Assert.Equal(StripeWebhookFailure.NotConfigured, Verifier.Verify(Payload, header, [" "]).Failure);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"object":"event","type":"setup_intent.succeeded"}""")]
    [InlineData("""{"id":"evt_1","object":"event"}""")]
    [InlineData("[1,2]")]
    public void A_correctly_signed_body_that_is_not_an_event_is_malformed(string body)
    {
        var result = Verifier.Verify(body, $"t={T(Now)},v1={Sign(Secret, T(Now), body)}", [Secret]);
        Assert.Equal(StripeWebhookFailure.MalformedPayload, result.Failure);
        Assert.Equal("STRIPE_PAYLOAD_MALFORMED", result.Code);
    }

    [Fact]
    public void CreateHeader_produces_what_Stripe_sends()
    {
        Assert.Equal($"t={T(Now)},v1={Sign(Secret, T(Now), Payload)},v1={Sign(OldSecret, T(Now), Payload)}",
            StripeWebhookVerifier.CreateHeader(T(Now), Payload, Secret, OldSecret));
    }
}
