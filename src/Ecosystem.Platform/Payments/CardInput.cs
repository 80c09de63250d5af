namespace Ecosystem.Platform.Payments;

/// <summary>Card data typed by the customer; used only in memory by a gateway, never stored or logged.</summary>
public sealed record CardInput(string CardNumber, int ExpMonth, int ExpYear, string Cvc)
{
    public override string ToString() => "CardInput { redacted }";
}
