namespace Ecosystem.Marketplace.Commissions;

/// <summary>
/// How an amount splits between the platform's commission and the vendor (ADR 0026): commission = amount × rate ÷ 10,000
/// rounded half up (half away from zero: amounts are positive) to a whole minor unit, plus the flat fee, capped at the
/// amount; the vendor keeps the rest. Integer arithmetic only, so commission + vendor = amount exactly, always.
/// </summary>
internal readonly record struct CommissionSplit(long Amount, long Commission, long Vendor)
{
    public const int MaxRateBp = 10_000;

    public static CommissionSplit Of(long amount, int rateBp, long flatFee)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        ArgumentOutOfRangeException.ThrowIfNegative(flatFee);
        if (rateBp is < 0 or > MaxRateBp) throw new ArgumentOutOfRangeException(nameof(rateBp));
        var proportional = (long)(((Int128)amount * rateBp + 5_000) / 10_000);
        var commission = Math.Min(amount, proportional + Math.Min(flatFee, amount));
        return new CommissionSplit(amount, commission, amount - commission);
    }

    /// <summary>No schedule in force: the vendor keeps everything.</summary>
    public static CommissionSplit None(long amount) => new(amount, 0, amount);
}
