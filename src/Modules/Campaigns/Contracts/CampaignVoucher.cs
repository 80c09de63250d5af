namespace Ecosystem.Campaigns.Contracts;

/// <summary>A voucher issued for a campaign target: its id, the code the message carries and a link to its QR image.</summary>
public sealed record CampaignVoucher(string VoucherId, string Code, string? QrUrl);
