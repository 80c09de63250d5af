// src/Modules/Retention/Payments/IPaymentGateway.cs
namespace Ecosystem.Retention.Payments;

public interface IPaymentGateway
{
    /// <summary>"simulated" or "stripe".</summary>
    string Name { get; }
    Task<CardSetupResult> SetupCardAsync(CardSetupRequest request, CancellationToken cancellationToken);
}
