using Ecosystem.Retention.Agent;
using Ecosystem.Retention.AtRisk;
using Ecosystem.Retention.Customers;
using Ecosystem.Platform.Payments;
using Ecosystem.Retention.Sessions;

namespace Ecosystem.Tests.Retention;

/// <summary>The parts of the module that need no database: intent rules, phrasing, the policy, risk rules, card checks.</summary>
public sealed class RetentionAgentTests
{
    [Theory]
    [InlineData("yes", "affirm")]
    [InlineData("Sure, go ahead!", "affirm")]
    [InlineData("ja gerne", "affirm")]
    [InlineData("not now", "decline")]
    [InlineData("Nein, später", "decline")]
    [InlineData("please cancel my subscription", "refuse")]
    [InlineData("stop contacting me", "refuse")]
    [InlineData("Ich will kündigen", "refuse")]
    [InlineData("Is this safe?", "question:safety")]
    [InlineData("how much will you charge me?", "question:cost")]
    [InlineData("why are you writing to me?", "question:why")]
    [InlineData("who are you? a bot?", "question:identity")]
    [InlineData("Warum?", "question:why")]
    [InlineData("banana", "other")]
    public void The_built_in_agent_understands_free_text(string text, string label) =>
        Assert.Equal(label, BuiltInRetentionChatClient.Classify(text));

    [Fact]
    public void Phrasing_varies_between_sessions_but_a_session_reads_the_same_every_time()
    {
        var client = new BuiltInRetentionChatClient();
        string Greet(int seed) => client.GetResponseAsync([], new Microsoft.Extensions.AI.ChatOptions
        {
            AdditionalProperties = new()
            {
                [RetentionAgent.TaskKey] = "phrase",
                [RetentionAgent.StepKey] = nameof(AgentStep.Greeting),
                [RetentionAgent.FactsKey] = new AgentFacts("Anna", "Pro", "$49.00", "expiring-card", "Visa ending in 4242", "at the end of December 2026", 0, 180, seed, 0),
            },
        }).Result.Text;

        var greetings = Enumerable.Range(0, 30).Select(Greet).ToList();
        Assert.True(greetings.Distinct().Count() >= 3, "the greeting should vary across sessions");
        Assert.All(greetings, g => Assert.Contains("Anna", g, StringComparison.Ordinal));
        Assert.All(greetings, g => Assert.Contains("4242", g, StringComparison.Ordinal));
        Assert.Equal(Greet(7), Greet(7));
    }

    [Theory]
    [InlineData(false, "expires at the end of December 2026")]
    [InlineData(true, "at the end of December 2025")]
    public void The_expiring_card_greeting_reads_as_one_sentence_in_the_right_tense(bool expired, string when)
    {
        var client = new BuiltInRetentionChatClient();
        var month = expired ? "at the end of December 2025" : "at the end of December 2026";
        var greetings = Enumerable.Range(0, 30).Select(seed => client.GetResponseAsync([], new Microsoft.Extensions.AI.ChatOptions
        {
            AdditionalProperties = new()
            {
                [RetentionAgent.TaskKey] = "phrase",
                [RetentionAgent.StepKey] = nameof(AgentStep.Greeting),
                [RetentionAgent.FactsKey] = new AgentFacts("Anna", "Pro", "$49.00", "expiring-card", "Visa ending in 4242", month, 0, 180, seed, 0) { CardExpired = expired },
            },
        }).Result.Text).Distinct().ToList();
        Assert.All(greetings, g =>
        {
            Assert.Contains(when, g, StringComparison.Ordinal);
            Assert.DoesNotContain("—", g, StringComparison.Ordinal);
            Assert.DoesNotContain(expired ? "expires" : "expired", g, StringComparison.Ordinal);
            Assert.DoesNotContain("  ", g, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void The_policy_not_the_model_decides_the_states()
    {
        Assert.Equal(SessionStatus.PaymentRequested, Conversation.OnCustomerMessage(SessionStatus.InProgress, 0, Intent.Affirm).Status);
        Assert.Equal((SessionStatus.InProgress, AgentStep.Answer), Pick(Conversation.OnCustomerMessage(SessionStatus.Initiated, 0, Intent.Question)));
        Assert.Equal((SessionStatus.InProgress, AgentStep.Persuade), Pick(Conversation.OnCustomerMessage(SessionStatus.InProgress, 0, Intent.Decline)));
        Assert.Equal(SessionOutcome.CustomerDeclined, Conversation.OnCustomerMessage(SessionStatus.InProgress, 1, Intent.Decline).Outcome);
        Assert.Equal(SessionOutcome.CustomerDeclined, Conversation.OnCustomerMessage(SessionStatus.PaymentRequested, 0, Intent.Refuse).Outcome);
        Assert.Equal((SessionStatus.PaymentRequested, AgentStep.FormReminder), Pick(Conversation.OnCustomerMessage(SessionStatus.PaymentRequested, 0, Intent.Other)));
        Assert.Equal(SessionOutcome.PaymentUpdated, Conversation.AfterPayment(true, 1, 3, 0).Outcome);
        Assert.Equal((SessionStatus.PaymentRequested, AgentStep.PaymentFailed), Pick(Conversation.AfterPayment(false, 2, 3, 0)));
        Assert.Equal(SessionOutcome.TechnicalFailure, Conversation.AfterPayment(false, 3, 3, 0).Outcome);

        static (SessionStatus, AgentStep) Pick(TurnDecision d) => (d.Status, d.Step);
    }

    [Theory]
    [InlineData("question:safety", Intent.Question, Topic.Safety)]
    [InlineData("Affirm.", Intent.Affirm, Topic.Other)]
    [InlineData(" refuse ", Intent.Refuse, Topic.Other)]
    public void A_model_label_is_parsed_strictly(string label, Intent intent, Topic topic) =>
        Assert.Equal((intent, topic), RetentionAgent.ParseLabel(label));

    [Fact]
    public void An_off_script_model_answer_is_not_a_label() => Assert.Null(RetentionAgent.ParseLabel("Sure! I think the customer agrees."));

    [Theory]
    [InlineData(1, 4_900, RiskSeverity.Low)]
    [InlineData(2, 4_900, RiskSeverity.Low)]
    [InlineData(2, 5_000, RiskSeverity.Medium)]
    [InlineData(3, 1_000, RiskSeverity.Medium)]
    [InlineData(3, 20_000, RiskSeverity.High)]
    [InlineData(1, 20_000, RiskSeverity.Medium)]
    public void Failed_payment_severity_follows_failures_and_amount(int failures, long value, RiskSeverity expected)
    {
        var card = new PaymentMethod { ExpiryMonth = 12, ExpiryYear = 2030, FailureCount = failures };
        var risk = RiskRules.Evaluate(card, value, new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero), 30);
        Assert.Equal((RiskCategory.FailedPayment, expected), (risk!.Value.Category, risk.Value.Severity));
    }

    [Theory]
    [InlineData(2026, 11, 4_900, RiskSeverity.Low)]       // 9 days left: urgency 1, value 0
    [InlineData(2026, 11, 20_000, RiskSeverity.High)]     // 9 days left: urgency 1, value 2
    [InlineData(2026, 10, 1_000, RiskSeverity.Medium)]    // expired: urgency 2, value 0
    public void Expiring_card_severity_follows_days_left_and_amount(int year, int month, long value, RiskSeverity expected)
    {
        var card = new PaymentMethod { ExpiryMonth = month, ExpiryYear = year };
        var risk = RiskRules.Evaluate(card, value, new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero), 30);
        Assert.Equal((RiskCategory.ExpiringCard, expected), (risk!.Value.Category, risk.Value.Severity));
    }

    [Fact]
    public void A_card_far_from_expiry_without_failures_is_no_risk() =>
        Assert.Null(RiskRules.Evaluate(new PaymentMethod { ExpiryMonth = 1, ExpiryYear = 2027 }, 50_000, new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero), 30));
}
