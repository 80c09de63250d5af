namespace Ecosystem.Cards.Contracts;

/// <summary>The card as events carry it in <c>card</c>: status <c>preapproved</c> or <c>onboarded</c>, limits in minor units.</summary>
public sealed record CardEventState(string Status, long CurrentLimit, long AvailableLimit, string Currency);
