namespace Ecosystem.Cards.Accounts;

/// <summary>Signing the card agreement: the person types exactly "I agree".</summary>
public sealed record SignatureRequest(string? SignatureText);
