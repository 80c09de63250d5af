using Ecosystem.Platform;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Http;
using Ecosystem.Shop.Data;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Shop.Profiles;

/// <summary>The client's profile: invoice details, Instagram handle and GDPR consents (each with when it was given and withdrawn).</summary>
internal sealed class ProfileService(ShopDbContext db, Transactions transactions, ShopJournal journal, TimeProvider time, ShopOptions options)
{
    public static readonly Error NoProfile = Error.NotFound("PROFILE_NOT_FOUND", "You have no shop profile yet: add your invoice details first.");

    public async Task<Result<ProfileResponse>> GetAsync(string userEcosystemId, CancellationToken ct) =>
        await db.Profiles.AsNoTracking().SingleOrDefaultAsync(p => p.UserEcosystemId == userEcosystemId, ct).ConfigureAwait(false) is { } p ? ToResponse(p) : NoProfile;

    public async Task<Result<ProfileResponse>> SaveAsync(string userEcosystemId, ProfileRequest request, CancellationToken ct)
    {
        var saved = await transactions.RunAsync<ProfileResponse>(db, async c =>
        {
            var applied = await ApplyAsync(userEcosystemId, request, c).ConfigureAwait(false);
            if (!applied.IsSuccess) return applied.Error!;
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return ToResponse(applied.Value!);
        }, ct).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        return saved;
    }

    /// <summary>
    /// Validates and applies the request to the person's profile (created on first save), with its audit row, inside the
    /// caller's unit; the caller saves. A failed validation changes nothing.
    /// </summary>
    public async Task<Result<CustomerProfile>> ApplyAsync(string userEcosystemId, ProfileRequest r, CancellationToken ct)
    {
        var profile = await journal.ProfileForUpdateAsync(userEcosystemId, ct).ConfigureAwait(false);
        var isNew = profile is null;
        var now = time.UtcNowStored();
        profile ??= new CustomerProfile { UserEcosystemId = userEcosystemId, PreferredCurrency = options.Currency, CreatedAt = now };
        var before = isNew ? null : profile.Snapshot();

        var country = r.Country is null ? profile.Country : r.Country.Trim().ToUpperInvariant();
        var v = new Validator()
            .Text(r.FullName ?? Blank(profile.FullName), "fullName", 120)
            .Text(r.Company, "company", 120, required: false)
            .Text(r.AddressLine1 ?? Blank(profile.AddressLine1), "addressLine1", 120)
            .Text(r.AddressLine2, "addressLine2", 120, required: false)
            .Require((r.PostalCode ?? profile.PostalCode) is { } pc && pc.Trim().Length is >= 2 and <= 12 && pc.Trim().All(ch => char.IsAsciiLetterOrDigit(ch) || ch is ' ' or '-'), "postalCode", "Enter the postal code: 2 to 12 letters, digits, spaces or dashes.")
            .Text(r.City ?? Blank(profile.City), "city", 80)
            .Require(Countries.IsKnown(country), "country", "Choose the country of the invoice address (a two-letter code such as DE).")
            .Require(r.PreferredCurrency is null || Money.IsKnownCurrency(r.PreferredCurrency.Trim().ToUpperInvariant()), "preferredCurrency", "Choose a currency we know, such as EUR or USD.");
        string? vat = r.VatId is null ? profile.VatId : string.IsNullOrWhiteSpace(r.VatId) ? null : VatIds.Normalize(r.VatId);
        if (vat is not null && Countries.IsKnown(country) && VatIds.Problem(vat, country) is { } vatProblem) v.Add("vatId", vatProblem);
        string? handle = profile.InstagramHandle;
        if (r.InstagramHandle is not null)
        {
            handle = string.IsNullOrWhiteSpace(r.InstagramHandle) ? null : InstagramHandles.Normalize(r.InstagramHandle);
            if (!string.IsNullOrWhiteSpace(r.InstagramHandle) && handle is null)
            {
                v.Add("instagramHandle", "An Instagram username has 1 to 30 letters, digits, periods and underscores, and does not start or end with a period.");
            }
        }

        if (!v.IsValid) return v.ToError();

        profile.FullName = (r.FullName ?? profile.FullName).Trim();
        if (r.Company is not null) profile.Company = string.IsNullOrWhiteSpace(r.Company) ? null : r.Company.Trim();
        profile.VatId = vat;
        profile.AddressLine1 = (r.AddressLine1 ?? profile.AddressLine1).Trim();
        if (r.AddressLine2 is not null) profile.AddressLine2 = string.IsNullOrWhiteSpace(r.AddressLine2) ? null : r.AddressLine2.Trim();
        profile.PostalCode = (r.PostalCode ?? profile.PostalCode).Trim().ToUpperInvariant();
        profile.City = (r.City ?? profile.City).Trim();
        profile.Country = country;
        if (r.PreferredCurrency is not null) profile.PreferredCurrency = r.PreferredCurrency.Trim().ToUpperInvariant();
        profile.InstagramHandle = handle;
        if (r.Consents is { } consents)
        {
            var (tg, tw, mg, mw, ig, iw) = (profile.TermsAcceptedAt, profile.TermsWithdrawnAt, profile.MarketingConsentAt, profile.MarketingWithdrawnAt, profile.InsightsConsentAt, profile.InsightsWithdrawnAt);
            CustomerProfile.SetConsent(consents.Terms, now, ref tg, ref tw);
            CustomerProfile.SetConsent(consents.Marketing, now, ref mg, ref mw);
            CustomerProfile.SetConsent(consents.Insights, now, ref ig, ref iw);
            (profile.TermsAcceptedAt, profile.TermsWithdrawnAt, profile.MarketingConsentAt, profile.MarketingWithdrawnAt, profile.InsightsConsentAt, profile.InsightsWithdrawnAt) = (tg, tw, mg, mw, ig, iw);
        }

        profile.UpdatedAt = now;
        if (isNew) db.Profiles.Add(profile);
        else profile.Version++;
        journal.Audit(isNew ? "shop.profile.created" : "shop.profile.updated", "shop-profile", userEcosystemId, before, profile.Snapshot());
        return profile;
    }

    private static string? Blank(string value) => value.Length == 0 ? null : value;

    public static ProfileResponse ToResponse(CustomerProfile p) => new(
        p.UserEcosystemId, p.FullName, p.Company, p.VatId, p.AddressLine1, p.AddressLine2, p.PostalCode, p.City, p.Country, p.PreferredCurrency, p.InstagramHandle,
        new ConsentsResponse(Consent(p.TermsAcceptedAt, p.TermsWithdrawnAt), Consent(p.MarketingConsentAt, p.MarketingWithdrawnAt), Consent(p.InsightsConsentAt, p.InsightsWithdrawnAt)),
        p.CardLast4 is null ? null : new SavedCardResponse(p.CardBrand ?? "card", p.CardLast4, p.CardExpMonth ?? 0, p.CardExpYear ?? 0),
        p.IsCompleteForInvoice);

    private static ConsentResponse Consent(DateTimeOffset? given, DateTimeOffset? withdrawn) => new(CustomerProfile.Has(given, withdrawn), given, withdrawn);
}
