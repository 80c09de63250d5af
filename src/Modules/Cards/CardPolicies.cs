namespace Ecosystem.Cards;

/// <summary>The card module's capabilities; their roles are declared in <see cref="CardsModule"/>.</summary>
public static class CardPolicies
{
    /// <summary>See and manage every person's card: pre-approve, reset, purchase history.</summary>
    public const string Manage = "cards:manage";
}
