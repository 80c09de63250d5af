using System.Text.Json.Nodes;
using Ecosystem.Cards.Accounts;
using Ecosystem.Identity.Passwords;
using Ecosystem.Platform;
using Ecosystem.Platform.Audit;

namespace Ecosystem.Tests.Unit;

public sealed class DomainTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    private static CardAccount Onboarded()
    {
        var card = CardAccount.Offer("usr_1", new Money(500_000, "USD"), Now);
        Assert.Null(card.Sign(Now));
        return card;
    }

    [Fact]
    public void A_card_moves_preapproved_to_onboarded_only_by_signing_once()
    {
        var card = CardAccount.Offer("usr_1", new Money(500_000, "USD"), Now);
        Assert.Equal(CardStatus.Preapproved, card.Status);
        Assert.Equal("CARD_NOT_ONBOARDED", card.RaiseLimit(Now)!.Code);
        Assert.Null(card.Sign(Now));
        Assert.Equal(CardStatus.Onboarded, card.Status);
        Assert.Equal("ALREADY_ONBOARDED", card.Sign(Now)!.Code);
    }

    [Fact]
    public void Raise_limit_steps_by_half_the_preapproved_limit_and_clamps_at_three_times()
    {
        var card = CardAccount.Offer("usr_1", new Money(333, "USD"), Now);
        card.Sign(Now);
        var limits = new List<long>();
        while (card.RaiseLimit(Now) is null) limits.Add(card.CurrentLimit);
        Assert.Equal([499, 665, 831, 997, 999], limits);
        Assert.Equal("LIMIT_CAP_REACHED", card.RaiseLimit(Now)!.Code);
    }

    [Fact]
    public void Full_reset_goes_back_to_preapproved_plain_reset_keeps_onboarding()
    {
        var card = Onboarded();
        Assert.Null(card.RaiseLimit(Now));
        Assert.Equal(750_000, card.AvailableLimit);
        Assert.Null(card.Reset(false, Now));
        Assert.Equal(CardStatus.Onboarded, card.Status);
        Assert.Equal(500_000, card.AvailableLimit);
        Assert.Null(card.Reset(true, Now));
        Assert.Equal(CardStatus.Preapproved, card.Status);
    }

    [Theory]
    [InlineData(500_000, "USD", "5,000.00 USD")]
    [InlineData(-1_050, "EUR", "-10.50 EUR")]
    [InlineData(1_500, "RWF", "1,500 RWF")]
    [InlineData(7, "KWD", "0.007 KWD")]
    public void Money_formats_minor_units_exactly(long minor, string currency, string expected) =>
        Assert.Equal(expected, new Money(minor, currency).ToString());

    [Theory]
    [InlineData("12.50", "USD", null, 1250)]
    [InlineData("1,000", "USD", null, 100000)]
    [InlineData("25.00 USD", "USD", null, 2500)]
    [InlineData("0.001", "USD", "USD amounts have at most 2 decimal places, like 25.00.", 0)]
    [InlineData("12.5", "RWF", "RWF amounts are whole numbers, like 2500.", 0)]
    [InlineData("-3", "USD", "The amount can't be negative.", 0)]
    [InlineData("0.00", "USD", "The amount must be more than zero.", 0)]
    [InlineData("", "USD", "Enter an amount, like 25.00.", 0)]
    [InlineData("abc", "USD", "Enter the amount as a number, like 25.00.", 0)]
    [InlineData("10000.01", "USD", "The amount can be at most 10,000.00 USD.", 0)]
    [InlineData("99999999999999999999999", "USD", "The amount can be at most 10,000.00 USD.", 0)]
    public void Typed_amounts_parse_to_minor_units_without_rounding_or_say_what_is_wrong(string text, string currency, string? problem, long minor)
    {
        Assert.Equal(problem, Amounts.CheckTyped(text, currency, 1_000_000, out var parsed));
        Assert.Equal(minor, parsed);
    }

    [Theory]
    [InlineData(null, "USD", "The amount is required, in the smallest unit of USD (2500 is 25.00 USD).")]
    [InlineData(-1L, "USD", "The amount can't be negative.")]
    [InlineData(0L, null, "The amount must be more than zero.")]
    [InlineData(1_000_001L, "USD", "The amount can be at most 10,000.00 USD.")]
    [InlineData(1L, "USD", null)]
    public void Amounts_sent_in_minor_units_get_a_message_for_each_problem(long? minor, string? currency, string? problem)
    {
        var error = new Ecosystem.Platform.Http.Validator().Amount(minor, "amount", currency, 1_000_000).ToError();
        Assert.Equal(problem, error.Fields!.TryGetValue("amount", out var messages) ? messages.Single() : null);
    }

    [Theory]
    [InlineData("com.ecosystem.user.session.logged_in", true)]
    [InlineData("com.ecosystem.credit-card.offer.viewed", true)]
    [InlineData("com.ecosystem.shell.navigation.clicked", true)]
    [InlineData("com.ecosystem.credit_card.offer.viewed", false)]
    [InlineData("com.ecosystem.credit-card.offer", false)]
    [InlineData("com.ecosystem.retention.chat.message.sent", true)]
    [InlineData("com.ecosystem.retention.chat-message.sent", true)]
    [InlineData("com.ecosystem.a.b.c.d.e", false)]
    [InlineData("com.ecosystem.retention.chat.Message.sent", false)]
    [InlineData("com.ecosystem.retention.chat..sent", false)]
    [InlineData("org.ecosystem.a.b.c", false)]
    public void Event_names_follow_the_convention(string name, bool valid) => Assert.Equal(valid, EventNames.IsValid(name));

    [Fact]
    public void Audit_diff_lists_only_changed_fields_with_from_and_to()
    {
        var diff = AuditEntry.Diff(JsonNode.Parse("""{"a":1,"b":"x","c":null}""")!.AsObject(), JsonNode.Parse("""{"a":2,"b":"x","d":true}""")!.AsObject());
        Assert.Equal("""{"a":{"from":1,"to":2},"d":{"from":null,"to":true}}""", diff.ToJsonString());
    }

    [Fact]
    public void Passwords_are_PBKDF2_SHA512_with_at_least_210000_iterations()
    {
        var hash = PasswordHasher.Hash("s3cret-pass");
        Assert.StartsWith("pbkdf2-sha512$210000$", hash);
        Assert.True(PasswordHasher.Verify("s3cret-pass", hash, out var rehash));
        Assert.False(rehash);
        Assert.False(PasswordHasher.Verify("s3cret-pasS", hash, out _));
        Assert.NotEqual(hash, PasswordHasher.Hash("s3cret-pass"));
    }

    [Fact]
    public void Demo_users_precomputed_hashes_verify_with_todays_settings_and_each_has_its_own_salt()
    {
        var users = Ecosystem.Identity.Hosting.IdentityDemoSeeder.DemoUsers;
        Assert.Equal(["user", "admin", "client", "finance", "vendor1", "vendor2", "buyer1", "operator1", "operator2"], users.Select(u => u.Username));
        foreach (var (username, _, _, hash) in users)
        {
            Assert.True(PasswordHasher.Verify(username, hash, out var rehash), username);
            Assert.False(rehash, $"{username}: the stored hash uses fewer iterations than PasswordHasher.Iterations; regenerate it with PasswordHasher.Hash");
            Assert.False(PasswordHasher.Verify(username + "x", hash, out _));
        }

        Assert.Equal(users.Length, users.Select(u => u.PasswordHash.Split('$')[2]).Distinct().Count());
    }

    [Fact]
    public void Ids_are_prefixed_time_ordered_uuid7()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now);
        var a = Ids.New("pur", clock);
        clock.Advance(TimeSpan.FromMilliseconds(2));
        var b = Ids.New("pur", clock);
        Assert.True(Ids.IsValid(a, "pur"));
        Assert.True(string.CompareOrdinal(a, b) < 0);
        Assert.False(Ids.IsValid("usr_" + a[4..], "pur"));
    }

    [Fact]
    public void Ids_made_in_the_same_millisecond_follow_one_another()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now);
        var ids = Enumerable.Range(0, 5_000).Select(_ => Ids.New("pur", clock)).ToList();
        Assert.All(ids, id => Assert.True(Ids.IsValid(id, "pur")));
        for (var i = 1; i < ids.Count; i++) Assert.True(string.CompareOrdinal(ids[i - 1], ids[i]) < 0, $"id {i} sorts before id {i - 1}");

        var parallel = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 20_000, _ => parallel.Add(Ids.New("pur", clock)));
        Assert.Equal(parallel.Count, parallel.Distinct().Count());
    }
}
