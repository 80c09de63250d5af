using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using AiMessage = Microsoft.Extensions.AI.ChatMessage;

namespace Ecosystem.Retention.Agent;

/// <summary>
/// The seam between our conversation policy and a language model. The policy (<see cref="Conversation"/>) decides
/// every state change; the agent asks the <see cref="IChatClient"/> only to classify the customer's words and to
/// phrase the step the policy chose. Requests carry the instructions in plain language (for a real model) and the
/// same facts in <see cref="ChatOptions.AdditionalProperties"/> (for the built-in agent). If the model fails, times
/// out or answers off-script, the built-in agent answers instead: a chat never stalls on the model.
/// </summary>
internal sealed partial class RetentionAgent(IChatClient model, BuiltInRetentionChatClient builtIn, ILogger<RetentionAgent> logger)
{
    public const string TaskKey = "retention.task";
    public const string StepKey = "retention.step";
    public const string FactsKey = "retention.facts";
    private static readonly TimeSpan ModelTimeout = TimeSpan.FromSeconds(8);

    public async Task<(Intent Intent, Topic Topic)> UnderstandAsync(string customerText, CancellationToken ct)
    {
        var options = new ChatOptions { AdditionalProperties = new() { [TaskKey] = "classify" }, Temperature = 0 };
        List<AiMessage> messages =
        [
            new(ChatRole.System, "You classify a customer's chat message in a conversation about updating a payment card. " +
                "Reply with exactly one label and nothing else: affirm (agrees to update the card now), decline (not now, hesitates), " +
                "refuse (wants to stop, cancel or not be contacted), question:why, question:safety, question:identity, question:cost, question:time, question:other, other."),
            new(ChatRole.User, customerText),
        ];
        var label = await AskAsync(messages, options, ct).ConfigureAwait(false);
        if (ParseLabel(label) is { } parsed) return parsed;
        var fallback = await builtIn.GetResponseAsync(messages, options, ct).ConfigureAwait(false);
        return ParseLabel(fallback.Text) ?? (Intent.Other, Topic.Other);
    }

    public async Task<string> PhraseAsync(AgentStep step, AgentFacts facts, IReadOnlyList<(bool FromCustomer, string Text)> history, CancellationToken ct)
    {
        var options = new ChatOptions { AdditionalProperties = new() { [TaskKey] = "phrase", [StepKey] = step.ToString(), [FactsKey] = facts }, Temperature = 0.7f };
        List<AiMessage> messages = [new(ChatRole.System, Instructions(step, facts))];
        messages.AddRange(history.TakeLast(10).Select(m => new AiMessage(m.FromCustomer ? ChatRole.User : ChatRole.Assistant, m.Text)));
        var text = (await AskAsync(messages, options, ct).ConfigureAwait(false))?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > 600)
        {
            text = (await builtIn.GetResponseAsync(messages, options, ct).ConfigureAwait(false)).Text.Trim();
        }

        return text;
    }

    private async Task<string?> AskAsync(List<AiMessage> messages, ChatOptions options, CancellationToken ct)
    {
        if (ReferenceEquals(model, builtIn)) return (await builtIn.GetResponseAsync(messages, options, ct).ConfigureAwait(false)).Text;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ModelTimeout);
        try
        {
            return (await model.GetResponseAsync(messages, options, timeout.Token).ConfigureAwait(false)).Text;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogModelFailed(logger, ex.GetType().Name);
            return null;
        }
    }

    internal static (Intent, Topic)? ParseLabel(string? label)
    {
        var text = label?.Trim().Trim('.', '"', '\'').ToLowerInvariant();
        if (string.IsNullOrEmpty(text)) return null;
        if (text.StartsWith("question", StringComparison.Ordinal))
        {
            var topic = text.Split(':', 2) is [_, var t] && Enum.TryParse<Topic>(t.Trim(), true, out var parsed) ? parsed : Topic.Other;
            return (Intent.Question, topic);
        }

        return text switch
        {
            "affirm" => (Intent.Affirm, Topic.Other),
            "decline" => (Intent.Decline, Topic.Other),
            "refuse" => (Intent.Refuse, Topic.Other),
            "other" => (Intent.Other, Topic.Other),
            _ => null,
        };
    }

    /// <summary>Plain-language instructions for a real model; the built-in agent reads the step and facts instead.</summary>
    private static string Instructions(AgentStep step, AgentFacts f) =>
        "You are Ava, a friendly billing assistant for Acme. Write one short, warm chat message (at most three sentences, no markdown). " +
        "Never ask for card details in the chat: a secure card form is shown separately. Never invent facts. " +
        $"Customer first name: {f.FirstName}. Plan: {f.Plan} at {f.Amount} per month. Card on file: {f.CardDescription}. " +
        (f.RiskCategory == "failed-payment"
            ? $"Problem: the last {(f.Failures > 1 ? f.Failures + " charges" : "charge")} on that card failed ({f.ProblemWhen}). "
            : $"Problem: that card {(f.CardExpired ? "expired" : "expires")} {f.ProblemWhen}. ") +
        $"Seconds left in this chat: {f.SecondsLeft}. " +
        "Your task now: " + step switch
        {
            AgentStep.Greeting => "greet the customer by first name, explain the problem and ask whether they would like to update their card now.",
            AgentStep.Answer => $"answer the customer's question (topic: {f.Topic}) honestly, then ask again whether they would like to update the card now.",
            AgentStep.AskAgain => "ask again, briefly, whether they would like to update their card now.",
            AgentStep.Persuade => "acknowledge their hesitation, say in one sentence what they would lose if the payment fails, and ask once more.",
            AgentStep.PaymentRequest => "thank them and ask them to enter the new card in the secure form below the chat.",
            AgentStep.FormReminder => "remind them that the secure card form is right below the chat.",
            AgentStep.NotUnderstood => "say you did not quite understand and ask whether they want to update the card now (yes or no).",
            AgentStep.PaymentFailed => $"tell them the card could not be saved ({f.GatewayMessage}) and invite them to try again or use another card.",
            AgentStep.Confirmation => "confirm that the new card is saved and their plan continues without interruption; thank them.",
            AgentStep.TechnicalFailure => "apologise that the card could not be saved after several tries and say the team will follow up by email.",
            AgentStep.Goodbye => "respect their decision, say nothing will be changed now, and say goodbye politely.",
            _ => "reply briefly.",
        };

    [LoggerMessage(Level = LogLevel.Warning, Message = "The chat model failed ({Error}); the built-in agent answered instead.")]
    private static partial void LogModelFailed(ILogger logger, string error);
}
