using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using AiMessage = Microsoft.Extensions.AI.ChatMessage;

namespace Ecosystem.Retention.Agent;

/// <summary>
/// The embedded default "model": an <see cref="IChatClient"/> that works offline. It understands free text with
/// intent rules (English and some German: yes/no/questions/refusals) and phrases each step from several templates,
/// chosen deterministically from the session's seed and turn, so conversations vary but replay identically.
/// </summary>
public sealed partial class BuiltInRetentionChatClient : IChatClient
{
    public static readonly ChatClientMetadata Metadata = new("ecosystem-built-in", null, "retention-agent-v1");

    public Task<ChatResponse> GetResponseAsync(IEnumerable<AiMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<AiMessage> ?? messages.ToList();
        var props = options?.AdditionalProperties;
        var task = props?.TryGetValue(RetentionAgent.TaskKey, out var t) == true ? t as string : null;
        string text;
        if (task == "classify")
        {
            text = Classify(list.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "");
        }
        else if (props?.TryGetValue(RetentionAgent.FactsKey, out var f) == true && f is AgentFacts facts
            && props.TryGetValue(RetentionAgent.StepKey, out var s) && Enum.TryParse<AgentStep>(s as string, out var step))
        {
            text = Phrase(step, facts);
        }
        else
        {
            text = "I can help you update the payment card on your account.";
        }

        return Task.FromResult(new ChatResponse(new AiMessage(ChatRole.Assistant, text)) { ModelId = Metadata.DefaultModelId });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<AiMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates()) yield return update;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ChatClientMetadata) ? Metadata
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose() { }

    /// <summary>Intent rules, most specific first: a refusal beats a "no", a question beats a "yes".</summary>
    public static string Classify(string text)
    {
        var t = " " + Regex.Replace(text.ToLowerInvariant(), @"[^\p{L}\p{N}?']+", " ") + " ";
        if (Refuse().IsMatch(t)) return "refuse";
        var question = t.Contains('?', StringComparison.Ordinal) || QuestionStart().IsMatch(t);
        if (question)
        {
            if (Safety().IsMatch(t)) return "question:safety";
            if (Identity().IsMatch(t)) return "question:identity";
            if (Cost().IsMatch(t)) return "question:cost";
            if (TimeTopic().IsMatch(t)) return "question:time";
            if (Why().IsMatch(t)) return "question:why";
            if (!Affirm().IsMatch(t) && !Decline().IsMatch(t)) return "question:other";
        }

        if (Decline().IsMatch(t)) return "decline";
        if (Affirm().IsMatch(t)) return "affirm";
        return question ? "question:other" : "other";
    }

    private static string Phrase(AgentStep step, AgentFacts f)
    {
        var problem = f.RiskCategory == "failed-payment"
            ? Pick(f, 1, [
                $"we couldn't process your last {f.Plan} payment of {f.Amount} with your {f.CardDescription}",
                $"your last payment of {f.Amount} for {f.Plan} didn't go through on your {f.CardDescription}",
                $"the {f.Amount} charge for your {f.Plan} plan was declined on your {f.CardDescription}"])
            : f.CardExpired ? Pick(f, 1, [
                $"your {f.CardDescription} expired {f.ProblemWhen}",
                $"the {f.CardDescription} we have on file expired {f.ProblemWhen}",
                $"your {f.CardDescription} ran out {f.ProblemWhen}"])
            : Pick(f, 1, [
                $"your {f.CardDescription} expires {f.ProblemWhen}",
                $"the {f.CardDescription} we have on file expires {f.ProblemWhen}",
                $"your {f.CardDescription} is about to run out: it expires {f.ProblemWhen}"]);
        var failures = f.RiskCategory == "failed-payment" && f.Failures > 1 ? $" That's {f.Failures} failed attempts so far." : "";
        var ask = Pick(f, 2, [
            "Would you like to update your card now? It only takes a minute.",
            "Shall we update it together right now? It's quick.",
            "Would you like to add a new card now so nothing gets interrupted?"]);

        return step switch
        {
            AgentStep.Greeting => Pick(f, 0, [
                $"Hi {f.FirstName}! This is Ava from the Acme billing team. I'm reaching out because {problem}.{failures} {ask}",
                $"Hello {f.FirstName}, Ava here from Acme. Quick heads-up: {problem}.{failures} {ask}",
                $"Hi {f.FirstName}! I'm Ava, Acme's billing assistant. I noticed {problem}.{failures} {ask}"]),
            AgentStep.Answer => Answer(f, problem) + " " + Pick(f, 3, ["Would you like to update the card now?", "Shall we go ahead and update it?", "Ready to add the new card?"]),
            AgentStep.AskAgain => ask,
            AgentStep.Persuade => Pick(f, 4, [
                $"I understand. Just so you know: if the payment fails, your {f.Plan} plan may be paused. Updating now takes less than a minute — shall we?",
                $"No pressure at all. The only risk is that your {f.Plan} access stops if we can't collect {f.Amount}. Would you like to do it now while I'm here?",
                $"Totally fair. It would keep your {f.Plan} plan running without a gap, and it's quick. Want to give it a go?"]),
            AgentStep.PaymentRequest => Pick(f, 5, [
                $"Great, thank you {f.FirstName}! Please enter your new card in the secure form below — I'll confirm as soon as it's saved.",
                "Perfect! You'll find a secure card form right below this chat. Enter the new card there and I'll take care of the rest.",
                "Wonderful. Use the secure form below to add your card — the details go straight to our payment processor."]),
            AgentStep.FormReminder => Pick(f, 6, [
                "The secure card form is just below the chat whenever you're ready.",
                "You can enter the new card in the form below — I'm right here if you have questions.",
                "Whenever you're ready, the card form is just underneath this chat."]),
            AgentStep.NotUnderstood => Pick(f, 7, [
                "Sorry, I didn't quite catch that. Would you like to update your card now — yes or no?",
                "I'm not sure I understood. Shall we update your card now? A simple yes or no is fine.",
                "Apologies, could you say that another way? Would you like to update the card now?"]),
            AgentStep.PaymentFailed => Pick(f, 8, [
                $"Hmm, that didn't work: {f.GatewayMessage} Would you like to try again or use a different card?",
                $"Sorry, the card couldn't be saved — {f.GatewayMessage} You can try again or enter another card.",
                $"That one didn't go through ({f.GatewayMessage}). Feel free to try again or use another card."]),
            AgentStep.Confirmation => Pick(f, 9, [
                $"All set, {f.FirstName}! Your new card is saved and your {f.Plan} plan continues without interruption. Thanks so much!",
                $"Done! The new card is on file and your {f.Plan} plan is safe. Thank you, {f.FirstName}!",
                $"Thank you, {f.FirstName} — your card has been updated and there's nothing else you need to do."]),
            AgentStep.TechnicalFailure => Pick(f, 10, [
                "I'm sorry — we couldn't save your card after several tries. Our team will follow up by email so you can finish it later.",
                "Apologies, something on our side kept failing. We'll email you so you can update the card when it suits you.",
                "I'm really sorry, the card couldn't be saved this time. Someone from our team will reach out by email."]),
            AgentStep.Goodbye => Pick(f, 11, [
                $"Understood, {f.FirstName}. I won't change anything now. Thanks for your time, and have a great day!",
                "No problem at all — nothing has been changed. Take care!",
                $"Of course. I've noted it and won't bother you further here. Goodbye, {f.FirstName}!"]),
            _ => ask,
        };
    }

    private static string Answer(AgentFacts f, string problem) => f.Topic switch
    {
        Topic.Safety => Pick(f, 12, [
            "Your card details go straight to our payment processor over an encrypted connection; we only keep the card brand, last four digits and expiry.",
            "It's safe: the card number never touches our systems — we only store the brand, the last four digits and the expiry date."]),
        Topic.Identity => Pick(f, 13, [
            "I'm Ava, Acme's billing assistant. A member of our team started this chat because of the issue on your account.",
            "This is Acme's billing team — I'm Ava, the assistant helping with account payments today."]),
        Topic.Cost => Pick(f, 14, [
            $"Nothing is charged right now. We just save the card for your next {f.Plan} payment of {f.Amount}.",
            $"There's no charge in this chat — the new card is kept for your regular {f.Amount} monthly payment."]),
        Topic.Time => $"It takes about a minute; this chat stays open for another {Math.Max(0, f.SecondsLeft)} seconds.",
        Topic.Why => Pick(f, 15, [
            $"I'm reaching out because {problem}. Updating the card keeps your {f.Plan} plan running.",
            $"The reason is that {problem}, and we'd like to avoid any interruption of your {f.Plan} plan."]),
        _ => Pick(f, 16, [
            $"Good question! In short: {problem}, and a new card fixes it.",
            $"Happy to help. The only thing needed is a valid card, because {problem}."]),
    };

    private static string Pick(AgentFacts f, int slot, string[] variants)
    {
        unchecked
        {
            var h = (uint)(f.Seed * 31 + f.Turn * 17 + slot * 101);
            h ^= h >> 13;
            h *= 0x5bd1e995;
            h ^= h >> 15;
            return variants[(int)(h % (uint)variants.Length)];
        }
    }

    [GeneratedRegex(@"\b(cancel|unsubscribe|stop (contacting|messaging|writing)|leave me alone|don'?t (contact|message|bother)|not interested|no interest|never|kündig\w*|kein interesse|lass(t)? mich in ruhe|hör auf|will nicht|don'?t want)\b")]
    private static partial Regex Refuse();

    [GeneratedRegex(@"\b(no|nope|nah|not now|not today|later|maybe later|another time|i'?ll think|not sure|nein|nö|später|jetzt nicht|vielleicht später)\b")]
    private static partial Regex Decline();

    [GeneratedRegex(@"\b(yes|yeah|yep|yup|sure|ok|okay|alright|of course|let'?s do it|go ahead|please do|sounds good|fine|update it|i'?ll update|ja|jawohl|gerne|klar|okay|mach(en wir)?|los geht'?s|einverstanden)\b")]
    private static partial Regex Affirm();

    [GeneratedRegex(@"^ (why|what|who|how|is|are|can|could|will|would|do|does|when|where|which|warum|wieso|weshalb|was|wer|wie|ist|kann|wann|wo) ")]
    private static partial Regex QuestionStart();

    [GeneratedRegex(@"\b(safe|secure|security|scam|fraud|phishing|trust|legit|privacy|store|stored|sicher|betrug|daten)\b")]
    private static partial Regex Safety();

    [GeneratedRegex(@"\b(who are you|who is this|are you (a )?(bot|human|real|robot)|bot|human|wer bist du|wer sind sie|mensch)\b")]
    private static partial Regex Identity();

    [GeneratedRegex(@"\b(cost|charge|charged|pay|price|fee|money|how much|kostet|kosten|gebühr|bezahlen|abbuchung)\b")]
    private static partial Regex Cost();

    [GeneratedRegex(@"\b(how long|time|minutes|seconds|quick|wie lange|zeit|minuten)\b")]
    private static partial Regex TimeTopic();

    [GeneratedRegex(@"\b(why|what happened|what'?s wrong|problem|issue|reason|warum|wieso|weshalb|was ist los)\b")]
    private static partial Regex Why();
}
