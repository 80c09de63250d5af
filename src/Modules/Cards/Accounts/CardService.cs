using Ecosystem.Cards.Contracts;
using Ecosystem.Cards.Data;
using Ecosystem.Identity.Contracts;
using Ecosystem.Platform;
using Ecosystem.Platform.Audit;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Cards.Accounts;

/// <summary>
/// The card account's use cases (offer, sign, raise, reset, list), shared by the API and the pages. Each state change
/// runs in one transaction with the account row locked (<c>FOR UPDATE</c> on PostgreSQL, the write lock on SQLite) and saved as a compare-and-set on its
/// version, together with one audit row and one event.
/// </summary>
internal sealed class CardService(CardsDbContext db, Transactions transactions, OperationContext op, TimeProvider time)
{
    /// <summary>The largest amount a purchase or a limit may have, in minor units.</summary>
    public const long MaxAmount = 1_000_000_000_000;
    public static readonly Error NoOffer = Error.NotFound("NO_CARD_OFFER", "There is no credit-card offer for this person.");

    public async Task<Result<CardResponse>> GetAsync(string userEcosystemId, CancellationToken ct)
    {
        var account = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.UserEcosystemId == userEcosystemId, ct).ConfigureAwait(false);
        return account is null ? NoOffer : await ToResponseAsync(account, ct).ConfigureAwait(false);
    }

    public async Task<Result<CardResponse>> SignAsync(string userEcosystemId, string? signatureText, CancellationToken ct)
    {
        var text = signatureText?.Trim();
        if (text != "I agree")
        {
            return Error.Unprocessable("SIGNATURE_TEXT_INVALID", "To sign, type exactly: I agree");
        }

        return await ChangeAsync(userEcosystemId, "credit-card.onboarding.signed", CardEvents.OnboardingSigned, (account, now) =>
        {
            if (account.Sign(now) is { } error) return error;
            var signature = new DigitalSignature
            {
                SignatureId = Ids.New("sig", time), UserEcosystemId = userEcosystemId, SignatureText = text, SignedAt = now, JourneyId = op.JourneyId,
            };
            db.Signatures.Add(signature);
            return new { signatureId = signature.SignatureId };
        }, ct).ConfigureAwait(false);
    }

    public Task<Result<CardResponse>> RaiseLimitAsync(string userEcosystemId, CancellationToken ct) =>
        ChangeAsync(userEcosystemId, "credit-card.limit.raised", CardEvents.LimitRaised, (account, now) =>
        {
            var from = account.CurrentLimit;
            if (account.RaiseLimit(now) is { } error) return error;
            return new { fromLimit = from, toLimit = account.CurrentLimit, currency = account.Currency };
        }, ct);

    public Task<Result<CardResponse>> ResetAsync(string userEcosystemId, bool full, CancellationToken ct) =>
        ChangeAsync(userEcosystemId, full ? "credit-card.account.reset-full" : "credit-card.account.reset", CardEvents.AccountReset, (account, now) =>
        {
            if (account.Reset(full, now) is { } error) return error;
            return new { full, limit = account.CurrentLimit, status = account.Status };
        }, ct);

    /// <summary>An admin pre-approves a person for a card: 404 for an unknown person, 409 when they already have one.</summary>
    public async Task<Result<CardResponse>> PreapproveAsync(string userEcosystemId, long? limit, string? currency, IUserDirectory users, CancellationToken ct)
    {
        var code = currency?.Trim().ToUpperInvariant();
        var v = new Validator()
            .Amount(limit, "limit", code, MaxAmount, "limit")
            .Require(code is not null && Money.IsKnownCurrency(code), "currency", "The currency must be a known three-letter code, like USD.");
        if (!v.IsValid) return v.ToError();
        if ((await users.GetManyAsync([userEcosystemId], ct).ConfigureAwait(false)).Count == 0) return Error.NotFound("USER_NOT_FOUND", "There is no such person.");
        if (await db.Accounts.AnyAsync(a => a.UserEcosystemId == userEcosystemId, ct).ConfigureAwait(false)) return Error.Conflict("CARD_EXISTS", "This person already has a card or an offer.");
        return await OfferAsync(userEcosystemId, new Money(limit!.Value, code!), ct).ConfigureAwait(false);
    }

    /// <summary>Creates a pre-approved offer; does nothing if the person already has one.</summary>
    public async Task<Result<CardResponse>> OfferAsync(string userEcosystemId, Money limit, CancellationToken ct) =>
        await transactions.RunAsync<CardResponse>(db, async c =>
        {
            var existing = await db.Accounts.SingleOrDefaultAsync(a => a.UserEcosystemId == userEcosystemId, c).ConfigureAwait(false);
            if (existing is not null) return await ToResponseAsync(existing, c).ConfigureAwait(false);
            var account = CardAccount.Offer(userEcosystemId, limit, time.UtcNowStored());
            db.Accounts.Add(account);
            db.AuditLog.Add(AuditEntry.Create(op, time, "credit-card.offer.created", "card", userEcosystemId, null, account.Snapshot()));
            db.Outbox.Add(OutboxMessage.Create(op, time, CardEvents.OfferCreated, userEcosystemId, new { preapprovedLimit = limit.Minor, currency = limit.Currency, card = account.EventState() }));
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return await ToResponseAsync(account, c).ConfigureAwait(false);
        }, ct).ConfigureAwait(false);

    public async Task<Result<Page<CardResponse>>> ListAsync(string? status, int? limit, string? cursor, CancellationToken ct)
    {
        var paging = Paging.Parse(limit, cursor);
        if (!paging.IsSuccess) return paging.Error!;
        var (take, after) = paging.Value;
        var query = db.Accounts.AsNoTracking();
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<CardStatus>(status, true, out var s)) return Error.Validation(new Dictionary<string, string[]> { ["status"] = ["status must be preapproved or onboarded."] });
            query = query.Where(a => a.Status == s);
        }

        if (after is not null) query = query.Where(a => string.Compare(a.UserEcosystemId, after) > 0);
        var rows = await query.OrderBy(a => a.UserEcosystemId).Take(take + 1).ToListAsync(ct).ConfigureAwait(false);
        return Paging.ToPage(rows, take, a => a.UserEcosystemId, a => ToResponse(a, null));
    }

    /// <summary>Loads the account locked, applies <paramref name="change"/>, and saves it with one audit row and one event.</summary>
    private async Task<Result<CardResponse>> ChangeAsync(string userEcosystemId, string action, string eventName, Func<CardAccount, DateTimeOffset, object> change, CancellationToken ct) =>
        await transactions.RunAsync<CardResponse>(db, async c =>
        {
            var account = await db.Accounts.ForUpdate().SingleOrDefaultAsync(a => a.UserEcosystemId == userEcosystemId, c).ConfigureAwait(false);
            if (account is null) return NoOffer;
            var before = account.Snapshot();
            var outcome = change(account, time.UtcNowStored());
            if (outcome is Error error) return error;
            db.AuditLog.Add(AuditEntry.Create(op, time, action, "card", userEcosystemId, before, account.Snapshot()));
            db.Outbox.Add(OutboxMessage.Create(op, time, eventName, userEcosystemId, WithCardState(outcome, account)));
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return await ToResponseAsync(account, c).ConfigureAwait(false);
        }, ct).ConfigureAwait(false);

    /// <summary>Every card event carries the card's resulting state, so Customer 360 can be derived from events alone.</summary>
    private static System.Text.Json.Nodes.JsonObject WithCardState(object metadata, CardAccount account)
    {
        var node = System.Text.Json.JsonSerializer.SerializeToNode(metadata, Json.Options)!.AsObject();
        node["card"] = System.Text.Json.JsonSerializer.SerializeToNode(account.EventState(), Json.Options);
        return node;
    }

    private async Task<CardResponse> ToResponseAsync(CardAccount a, CancellationToken ct)
    {
        DateTimeOffset? signedAt = null;
        if (a.Status == CardStatus.Onboarded)
        {
            signedAt = await db.Signatures.Where(s => s.UserEcosystemId == a.UserEcosystemId)
                .OrderByDescending(s => s.SignatureId).Select(s => (DateTimeOffset?)s.SignedAt).FirstOrDefaultAsync(ct).ConfigureAwait(false);
        }

        return ToResponse(a, signedAt);
    }

    private static CardResponse ToResponse(CardAccount a, DateTimeOffset? signedAt) => new(
        a.UserEcosystemId, a.Status.ToString().ToLowerInvariant(), a.PreapprovedLimit, a.CurrentLimit, a.AvailableLimit, a.Currency,
        a.LimitCap, a.CreatedAt, a.UpdatedAt, a.LastResetAt, signedAt);
}
