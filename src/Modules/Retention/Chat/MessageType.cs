namespace Ecosystem.Retention.Chat;

public enum MessageType { Greeting, Question, PaymentRequest, Confirmation, Error }
