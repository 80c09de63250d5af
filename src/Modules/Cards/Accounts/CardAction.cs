namespace Ecosystem.Cards.Accounts;

/// <summary>What can happen to an account (purchases excepted: see <see cref="CardAccount"/>).</summary>
internal enum CardAction { Sign, RaiseLimit, Reset, FullReset }
