using Ecosystem.Marketplace.Ranking;

namespace Ecosystem.Marketplace.Intents;

/// <summary>An open intent as a vendor sees it: the intent, the vendor's own score for it with its breakdown, and their quote if they sent one.</summary>
public sealed record OpenIntentResponse(IntentResponse Intent, decimal Score, IReadOnlyList<RankingFactor> Breakdown, QuoteResponse? MyQuote, int QuoteCount);
