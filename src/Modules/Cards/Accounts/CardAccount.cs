using Ecosystem.Cards.Contracts;
using Ecosystem.Platform;
using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Cards.Accounts;

/// <summary>
/// The ACME credit-card account of one person. Rules: signing moves preapproved → onboarded; raising adds half the
/// pre-approved limit to current and available, up to three times the pre-approved limit; reset restores current =
/// available = pre-approved (a full reset also un-onboards). The purchase rule (onboarded, amount within the available
/// limit; approved lowers it) is stated once, as the conditional update in <see cref="Purchases.PurchaseService"/>: the
/// hot path decides it in the database in one statement (ADR 0015), so there is no second copy here.
/// </summary>
internal sealed class CardAccount
{
    private static readonly Dictionary<(CardStatus From, CardAction Action), CardStatus> Transitions = new()
    {
        [(CardStatus.Preapproved, CardAction.Sign)] = CardStatus.Onboarded,
        [(CardStatus.Onboarded, CardAction.RaiseLimit)] = CardStatus.Onboarded,
        [(CardStatus.Onboarded, CardAction.Reset)] = CardStatus.Onboarded,
        [(CardStatus.Preapproved, CardAction.Reset)] = CardStatus.Preapproved,
        [(CardStatus.Onboarded, CardAction.FullReset)] = CardStatus.Preapproved,
        [(CardStatus.Preapproved, CardAction.FullReset)] = CardStatus.Preapproved,
    };

    public static readonly Error NotOnboarded = Error.Conflict("CARD_NOT_ONBOARDED", "Sign the card agreement first.");
    public static readonly Error AlreadyOnboarded = Error.Conflict("ALREADY_ONBOARDED", "The card is already onboarded.");
    public static readonly Error CapReached = Error.Conflict("LIMIT_CAP_REACHED", "The limit is already at its maximum of three times the pre-approved limit.");

    private CardAccount() { }

    public string UserEcosystemId { get; private set; } = "";
    public CardStatus Status { get; private set; }
    public string Currency { get; private set; } = "USD";
    public long PreapprovedLimit { get; private set; }
    public long CurrentLimit { get; private set; }
    public long AvailableLimit { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? LastResetAt { get; private set; }
    public int Version { get; private set; }

    public long LimitCap => PreapprovedLimit * 3;
    public long RaiseStep => PreapprovedLimit / 2;

    public static CardAccount Offer(string userEcosystemId, Money preapproved, DateTimeOffset now)
    {
        if (preapproved.Minor <= 0) throw new ArgumentOutOfRangeException(nameof(preapproved), "A pre-approved limit is positive.");
        return new CardAccount
        {
            UserEcosystemId = userEcosystemId,
            Status = CardStatus.Preapproved,
            Currency = preapproved.Currency,
            PreapprovedLimit = preapproved.Minor,
            CurrentLimit = preapproved.Minor,
            AvailableLimit = preapproved.Minor,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    public Error? Sign(DateTimeOffset now) => Apply(CardAction.Sign, now, static () => { });

    public Error? RaiseLimit(DateTimeOffset now)
    {
        if (Status == CardStatus.Onboarded && CurrentLimit >= LimitCap) return CapReached;
        return Apply(CardAction.RaiseLimit, now, () =>
        {
            var delta = Math.Min(RaiseStep, LimitCap - CurrentLimit);
            CurrentLimit += delta;
            AvailableLimit += delta;
        });
    }

    public Error? Reset(bool full, DateTimeOffset now) =>
        Apply(full ? CardAction.FullReset : CardAction.Reset, now, () =>
        {
            CurrentLimit = PreapprovedLimit;
            AvailableLimit = PreapprovedLimit;
            LastResetAt = now;
        });

    private Error? Apply(CardAction action, DateTimeOffset now, Action change)
    {
        if (!Transitions.TryGetValue((Status, action), out var to))
        {
            return action == CardAction.Sign ? AlreadyOnboarded : NotOnboarded;
        }

        change();
        Status = to;
        UpdatedAt = now;
        Version++;
        return null;
    }

    /// <summary>The state every card event carries (Customer 360 derives the card fields from it).</summary>
    public CardEventState EventState() => EventStateOf(Status, CurrentLimit, AvailableLimit, Currency);

    public static CardEventState EventStateOf(CardStatus status, long currentLimit, long availableLimit, string currency) =>
        new(status == CardStatus.Onboarded ? "onboarded" : "preapproved", currentLimit, availableLimit, currency);

    public object Snapshot() => new { Status, PreapprovedLimit, CurrentLimit, AvailableLimit, Currency, LastResetAt };

    internal static void Configure(EntityTypeBuilder<CardAccount> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "cards", "accounts");
        b.HasKey(x => x.UserEcosystemId);
        b.Property(x => x.UserEcosystemId).HasMaxLength(40);
        b.Property(x => x.Currency).HasMaxLength(3).IsFixedLength(false);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.LimitCap);
        b.Ignore(x => x.RaiseStep);
        b.ToTable(t =>
        {
            t.HasCheckConstraint("ck_accounts_available_not_negative", "available_limit >= 0");
            t.HasCheckConstraint("ck_accounts_available_within_current", "available_limit <= current_limit");
        });
    }
}
