using Ecosystem.Retention.Chat;
using Ecosystem.Retention.Sessions;

namespace Ecosystem.Retention.Agent;

/// <summary>
/// The conversation policy: our code, not the model's. States follow the session status. From in-progress a "yes"
/// asks for the card (payment-requested); a question is answered and the question asked again; the first soft "no"
/// gets one gentle reminder of what is at stake, a second "no" or any refusal ends the chat politely
/// (completed, customer-declined). Once the card is requested, only a refusal ends it; everything else is answered
/// or pointed at the form. Payment results are decided in <see cref="AfterPayment"/>.
/// </summary>
internal static class Conversation
{
    public const int MaxDeclines = 2;

    public static TurnDecision OnCustomerMessage(SessionStatus status, int declines, Intent intent)
    {
        var requested = status is SessionStatus.PaymentRequested;
        var next = requested ? SessionStatus.PaymentRequested : SessionStatus.InProgress;
        return intent switch
        {
            Intent.Refuse => new(SessionStatus.Completed, SessionOutcome.CustomerDeclined, AgentStep.Goodbye, MessageType.Confirmation, declines),
            Intent.Decline when declines + 1 >= MaxDeclines => new(SessionStatus.Completed, SessionOutcome.CustomerDeclined, AgentStep.Goodbye, MessageType.Confirmation, declines + 1),
            Intent.Decline => new(next, null, AgentStep.Persuade, MessageType.Question, declines + 1),
            Intent.Affirm when requested => new(next, null, AgentStep.FormReminder, MessageType.PaymentRequest, declines),
            Intent.Affirm => new(SessionStatus.PaymentRequested, null, AgentStep.PaymentRequest, MessageType.PaymentRequest, declines),
            Intent.Question => new(next, null, AgentStep.Answer, MessageType.Question, declines),
            _ when requested => new(next, null, AgentStep.FormReminder, MessageType.PaymentRequest, declines),
            _ => new(next, null, AgentStep.NotUnderstood, MessageType.Question, declines),
        };
    }

    /// <summary>After the gateway answered: success completes; a failure allows retries up to the limit, then technical-failure.</summary>
    public static TurnDecision AfterPayment(bool succeeded, int attempts, int maxAttempts, int declines) =>
        succeeded
            ? new(SessionStatus.Completed, SessionOutcome.PaymentUpdated, AgentStep.Confirmation, MessageType.Confirmation, declines)
            : attempts >= maxAttempts
                ? new(SessionStatus.Completed, SessionOutcome.TechnicalFailure, AgentStep.TechnicalFailure, MessageType.Error, declines)
                : new(SessionStatus.PaymentRequested, null, AgentStep.PaymentFailed, MessageType.Error, declines);
}
