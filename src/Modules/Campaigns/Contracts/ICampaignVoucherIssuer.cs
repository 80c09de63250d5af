using Ecosystem.Platform;

namespace Ecosystem.Campaigns.Contracts;

/// <summary>
/// What a voucher campaign needs from the vouchers module (issue 20): a voucher issued for one target, whose code the
/// message carries, and marked sent once the message is sent. The vouchers module registers an implementation; until
/// one is registered, starting a voucher campaign is refused with 409 <c>VOUCHERS_UNAVAILABLE</c> (nothing is faked).
/// </summary>
public interface ICampaignVoucherIssuer
{
    /// <summary>Issues (once per <paramref name="targetId"/>, idempotent) a voucher for the number; returns its code and a link to its QR.</summary>
    Task<Result<CampaignVoucher>> IssueAsync(string campaignId, string targetId, string msisdn, string? userEcosystemId, CancellationToken ct);

    /// <summary>The voucher's message was sent: issued → sent.</summary>
    Task<Result<bool>> MarkSentAsync(string voucherId, CancellationToken ct);
}
