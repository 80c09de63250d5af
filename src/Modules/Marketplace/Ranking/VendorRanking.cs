using System.Globalization;
using Ecosystem.Marketplace.Profiles;

namespace Ecosystem.Marketplace.Ranking;

/// <summary>
/// The vendor score for an intent, out of 100 (ADR 0026). Each factor scores 0–1 and is multiplied by its weight:
/// rating 25 (rating ÷ 5), fulfilment rate 25 (completed ÷ finished purchases), response time 15 (1 at one minute or
/// less, falling linearly to 0 at one hour), trips 10 (log10(1 + trips) ÷ 3: 999 trips or more score 1), region 15 (the
/// intent's region, ignoring case) and category 10 (the vendor sells the intent's category). Ties go to the vendor with
/// more trips, then by id. Integers in, decimals rounded to two places out: the same figures always rank the same.
/// </summary>
internal static class VendorRanking
{
    public const int RatingWeight = 25;
    public const int FulfilmentWeight = 25;
    public const int ResponseWeight = 15;
    public const int TripsWeight = 10;
    public const int RegionWeight = 15;
    public const int CategoryWeight = 10;

    public static IReadOnlyList<RankingFactor> Breakdown(VendorProfile v, string region, string category)
    {
        var rating = v.RatingCenti / 500m;
        var fulfilment = v.FulfilmentBp / 10_000m;
        var response = v.AvgResponseSeconds <= 60 ? 1m : v.AvgResponseSeconds >= 3_600 ? 0m : (3_600m - v.AvgResponseSeconds) / 3_540m;
        var trips = Math.Min(1m, (decimal)Math.Log10(1 + (double)v.Trips) / 3m);
        var inRegion = string.Equals(v.Region, region, StringComparison.OrdinalIgnoreCase) ? 1m : 0m;
        var inCategory = v.CategoryList.Contains(category, StringComparer.Ordinal) ? 1m : 0m;
        return
        [
            Factor("rating", (v.RatingCenti / 100m).ToString("0.00", CultureInfo.InvariantCulture) + " / 5", rating, RatingWeight),
            Factor("fulfilment", (v.FulfilmentBp / 100m).ToString("0.##", CultureInfo.InvariantCulture) + " %", fulfilment, FulfilmentWeight),
            Factor("response", v.AvgResponseSeconds.ToString(CultureInfo.InvariantCulture) + " s", response, ResponseWeight),
            Factor("trips", v.Trips.ToString(CultureInfo.InvariantCulture), trips, TripsWeight),
            Factor("region", v.Region, inRegion, RegionWeight),
            Factor("category", string.Join(", ", v.CategoryList), inCategory, CategoryWeight),
        ];
    }

    public static decimal Score(IReadOnlyList<RankingFactor> breakdown) => Math.Round(breakdown.Sum(f => f.Contribution), 2, MidpointRounding.AwayFromZero);

    public static IReadOnlyList<VendorRank> Rank(IEnumerable<VendorProfile> vendors, string region, string category, IReadOnlyDictionary<string, string> quotes) =>
        [.. vendors.Select(v => (v, b: Breakdown(v, region, category)))
            .Select(x => (x.v, x.b, score: Score(x.b)))
            .OrderByDescending(x => x.score).ThenByDescending(x => x.v.Trips).ThenBy(x => x.v.UserEcosystemId, StringComparer.Ordinal)
            .Select((x, i) => new VendorRank(i + 1, x.v.UserEcosystemId, x.v.DisplayName, x.v.Region, x.score, x.b, quotes.GetValueOrDefault(x.v.UserEcosystemId)))];

    private static RankingFactor Factor(string name, string value, decimal normalized, int weight)
    {
        var n = Math.Round(normalized, 4, MidpointRounding.AwayFromZero);
        return new RankingFactor(name, value, n, weight, Math.Round(n * weight, 2, MidpointRounding.AwayFromZero));
    }
}
