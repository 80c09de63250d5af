namespace Ecosystem.Campaigns.Campaigns;

/// <summary>What a campaign sends: a promotion, or a voucher per target (through the vouchers module).</summary>
public static class CampaignTypes
{
    public const string Promo = "promo";
    public const string Voucher = "voucher";

    public static readonly IReadOnlyList<string> All = [Promo, Voucher];
}
