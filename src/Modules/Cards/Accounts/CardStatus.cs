namespace Ecosystem.Cards.Accounts;

public enum CardStatus { Preapproved, Onboarded }
