namespace Ecosystem.Platform.Payments;

/// <param name="AtPeriodEnd">True: it stays active until the paid period ends, then stops; false: it stops now.</param>
public sealed record CancelSubscriptionRequest(string SubscriptionId, bool AtPeriodEnd, string IdempotencyKey);
