using Ecosystem.Shop.Catalog;

namespace Ecosystem.Shop.Hosting;

/// <summary>The demo catalog: realistic Instagram growth services (prices net, in cents, 19 % VAT) and a monthly plan with a trial.</summary>
internal static class ShopCatalogSeed
{
    private static OptionRequest Fixed(string id, string name, long delta, string? description = null, string[]? requires = null, string[]? excludes = null, string[]? variants = null, string[]? flags = null) =>
        new(id, name, description, delta, "fixed", requires, excludes, variants, flags, true);

    private static OptionRequest Percent(string id, string name, long basisPoints, string? description = null, string[]? requires = null, string[]? excludes = null, string[]? variants = null, string[]? flags = null) =>
        new(id, name, description, basisPoints, "percent", requires, excludes, variants, flags, true);

    public static IReadOnlyList<ProductRequest> Products { get; } =
    [
        new("instagram-followers", "Instagram followers",
            "Real-looking followers for your account, delivered at the pace you choose. Pick a package, where your new followers come from and how fast they arrive.",
            "Followers", true, 10, 1_900, null, 1900,
            [
                new("grp_followers_audience", "Audience", false, true, 1, 1,
                [
                    Fixed("opt_followers_worldwide", "Worldwide", 0, "Followers from every region."),
                    Percent("opt_followers_europe", "Europe", 1_500, "Followers from EU countries."),
                    Percent("opt_followers_dach", "Germany, Austria and Switzerland", 2_500, "German-speaking followers."),
                ]),
                new("grp_followers_speed", "Delivery speed", false, true, 1, 1,
                [
                    Fixed("opt_followers_steady", "Steady, over 7 days", 0, "Looks the most natural."),
                    Fixed("opt_followers_fast", "Fast, within 48 hours", 900),
                    Percent("opt_followers_express", "Express, within 24 hours", 3_000, "Only for the smaller packages.", variants: ["var_followers_1k", "var_followers_5k"]),
                ]),
                new("grp_followers_addons", "Add-ons", true, false, 0, 3,
                [
                    Fixed("opt_followers_refill", "Refill guarantee, 30 days", 490, "Followers who leave are replaced."),
                    Fixed("opt_followers_drip", "Drip-feed: at most 200 a day", 0, "Spreads delivery out; not with Express.", excludes: ["opt_followers_express"], flags: ["Public account needed"]),
                    Fixed("opt_followers_priority", "Priority support", 500),
                ]),
            ],
            [new("var_followers_1k", "1,000 followers", "IG-FOL-1K", 1_900, true), new("var_followers_5k", "5,000 followers", "IG-FOL-5K", 7_900, true), new("var_followers_10k", "10,000 followers", "IG-FOL-10K", 13_900, true)],
            null, null, new Dictionary<string, string> { ["Delivery starts"] = "within 1 hour", ["Platform"] = "Instagram" }),
        new("instagram-likes", "Instagram likes",
            "Likes on your latest posts, so new visitors see content people enjoy.",
            "Engagement", true, 20, 690, null, 1900,
            [
                new("grp_likes_posts", "Spread over", false, true, 1, 1,
                [
                    Fixed("opt_likes_one", "Your latest post", 0),
                    Fixed("opt_likes_five", "Your 5 latest posts", 300),
                ]),
                new("grp_likes_addons", "Add-ons", true, false, 0, 1,
                [
                    Fixed("opt_likes_auto", "Auto-likes on new posts for 30 days", 1_490, "Needs the 5-post spread.", requires: ["opt_likes_five"]),
                ]),
            ],
            [new("var_likes_500", "500 likes", "IG-LIK-500", 690, true), new("var_likes_2k", "2,000 likes", "IG-LIK-2K", 1_990, true)],
            null, null, new Dictionary<string, string> { ["Delivery starts"] = "within 30 minutes" }),
        new("story-views", "Story views",
            "Views on your current stories, per 1,000 views. Choose how many thousands you want.",
            "Engagement", true, 30, 490, null, 1900,
            [
                new("grp_story_speed", "Speed", false, true, 1, 1,
                [
                    Fixed("opt_story_normal", "Normal, over 12 hours", 0),
                    Percent("opt_story_fast", "Fast, within 2 hours", 2_000),
                ]),
            ],
            [], null, null, null),
        new("targeted-campaign", "Targeted growth campaign",
            "A month-long campaign that follows, likes and engages with the audiences you pick, so the right people find you.",
            "Campaigns", true, 40, 14_900, null, 1900,
            [
                new("grp_campaign_audience", "Audiences", true, true, 1, 3,
                [
                    Fixed("opt_campaign_fitness", "Fitness", 0), Fixed("opt_campaign_fashion", "Fashion", 0), Fixed("opt_campaign_food", "Food and drink", 0),
                    Fixed("opt_campaign_travel", "Travel", 0), Fixed("opt_campaign_tech", "Tech", 0), Fixed("opt_campaign_local", "Local businesses", 2_000, "Targets people near your address."),
                ]),
                new("grp_campaign_speed", "Speed", false, true, 1, 1,
                [
                    Fixed("opt_campaign_slow", "Slow and steady", 0), Percent("opt_campaign_balanced", "Balanced", 1_000),
                    Percent("opt_campaign_aggressive", "Aggressive", 2_500, "More actions a day; not brand-safe.", excludes: ["opt_campaign_brandsafe"]),
                ]),
                new("grp_campaign_addons", "Add-ons", true, false, 0, 2,
                [
                    Fixed("opt_campaign_competitors", "Competitor targeting", 4_900, "Engages with your competitors' followers."),
                    Fixed("opt_campaign_brandsafe", "Brand-safe only", 0, "No comments, no follow-unfollow.", flags: ["Slower growth"]),
                ]),
            ],
            [], null, null, new Dictionary<string, string> { ["Runs for"] = "30 days" }),
        new("growth-plan", "Monthly growth plan",
            "Everything on autopilot: steady followers, likes on every post and a monthly report. Try it free for 14 days, then monthly; cancel any time.",
            "Plans", true, 50, 9_900, null, 1900, [], [], null,
            [new("pln_growth_monthly", "Growth plan, monthly", "month", 9_900, 14, "price_growth_monthly", true)],
            new Dictionary<string, string> { ["Included"] = "2,000 followers, likes on every post, monthly report" }),
    ];
}
