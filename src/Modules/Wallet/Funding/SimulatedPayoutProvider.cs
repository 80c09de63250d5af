using System.Security.Cryptography;
using System.Text;

namespace Ecosystem.Wallet.Funding;

/// <summary>
/// The embedded payout provider: works offline and pays at once, like a sandbox. A destination ending in <c>0000</c> is
/// refused as a closed account (the way to try the failure path). The payouts page of the admin console is its
/// outbox: every instruction it was given, with its result.
/// </summary>
internal sealed class SimulatedPayoutProvider : IPayoutProvider
{
    public string Name => "simulated";

    public Task<PayoutResult> SendAsync(PayoutInstruction instruction, CancellationToken cancellationToken)
    {
        if (instruction.Destination.EndsWith("0000", StringComparison.Ordinal))
        {
            return Task.FromResult(new PayoutResult(false, null, "The receiving account is closed. Check the account number and request the payout again."));
        }

        var reference = "po_sim_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(instruction.PayoutId)))[..20];
        return Task.FromResult(new PayoutResult(true, reference, null));
    }
}
