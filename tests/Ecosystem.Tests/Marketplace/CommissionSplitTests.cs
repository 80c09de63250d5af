using Ecosystem.Marketplace.Commissions;

namespace Ecosystem.Tests.Marketplace;

/// <summary>The commission split (ADR 0026): rate rounded half up to a minor unit, plus the flat fee, capped at the amount; commission + vendor = amount always.</summary>
public sealed class CommissionSplitTests
{
    [Theory]
    [InlineData(10_000L, 250, 0L, 250L)]          // 2.5 % of 10,000
    [InlineData(10_001L, 250, 30L, 280L)]         // 250.025 → 250, + 30
    [InlineData(10_020L, 250, 0L, 251L)]          // 250.5 → 251: half rounds up
    [InlineData(10_019L, 250, 0L, 250L)]          // 250.475 → 250
    [InlineData(5_000L, 0, 0L, 0L)]               // zero rate, no fee: the vendor keeps everything
    [InlineData(5_000L, 0, 100L, 100L)]           // zero rate, flat fee only
    [InlineData(80L, 500, 100L, 80L)]             // flat fee larger than the amount: capped, the vendor gets 0
    [InlineData(1L, 500, 0L, 0L)]                 // 1 minor unit at 5 %: 0.05 → 0
    [InlineData(1L, 5_000, 0L, 1L)]               // 1 minor unit at 50 %: 0.5 → 1
    [InlineData(1L, 10_000, 1L, 1L)]              // the whole of 1 minor unit, never more
    [InlineData(999_999_999_999L, 10_000, 0L, 999_999_999_999L)]
    public void Commission_and_vendor_share_sum_exactly_to_the_amount(long amount, int rateBp, long flatFee, long commission)
    {
        var split = CommissionSplit.Of(amount, rateBp, flatFee);
        Assert.Equal(commission, split.Commission);
        Assert.Equal(amount - commission, split.Vendor);
        Assert.Equal(amount, split.Commission + split.Vendor);
    }

    [Fact]
    public void Every_amount_and_rate_splits_without_losing_a_minor_unit()
    {
        var random = new Random(19);
        for (var i = 0; i < 10_000; i++)
        {
            var amount = random.NextInt64(0, 1_000_000_000_000);
            var split = CommissionSplit.Of(amount, random.Next(0, 10_001), random.NextInt64(0, 1_000_000));
            Assert.Equal(amount, split.Commission + split.Vendor);
            Assert.InRange(split.Commission, 0, amount);
        }
    }

    [Fact]
    public void A_rate_outside_0_to_10000_basis_points_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CommissionSplit.Of(100, 10_001, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => CommissionSplit.Of(100, -1, 0));
    }
}
