namespace Ecosystem.Retention.Chat;

public enum Sender { Ai, Customer }
