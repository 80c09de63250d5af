namespace Ecosystem.Campaigns.Settings;

/// <summary>The <c>revolut_link</c> setting: <c>{"url":"https://revolut.me/…"}</c>, a payment link templates may carry.</summary>
public sealed record RevolutLink(string Url);
