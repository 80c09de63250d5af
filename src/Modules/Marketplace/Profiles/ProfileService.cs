using Ecosystem.Marketplace.Contracts;
using Ecosystem.Marketplace.Data;
using Ecosystem.Platform;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Http;
using Ecosystem.Wallet.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Marketplace.Profiles;

/// <summary>
/// Vendor and buyer profiles in the tenant, keyed by the person's userEcosystemId, each with a wallet account opened on
/// the ledger (<see cref="ILedger.OpenAccountAsync"/>, owner type vendor or buyer). A buyer profile is made on first use.
/// </summary>
internal sealed class ProfileService(MarketplaceDbContext db, Transactions transactions, MarketplaceJournal journal, MarketplaceTenant tenant, ILedger ledger, TimeProvider time)
{
    public static readonly Error VendorNotFound = Error.NotFound("VENDOR_NOT_FOUND", "There is no such vendor in this marketplace.");

    public const int MaxCategories = 10;

    /// <summary>The buyer's profile, made (with a wallet account) on first use.</summary>
    public async Task<BuyerProfile> BuyerAsync(string userEcosystemId, CancellationToken ct)
    {
        var tenantId = await tenant.IdAsync(ct).ConfigureAwait(false);
        var existing = await db.Buyers.AsNoTracking().FirstOrDefaultAsync(b => b.TenantId == tenantId && b.UserEcosystemId == userEcosystemId, ct).ConfigureAwait(false);
        if (existing is not null) return existing;
        var result = await transactions.RunAsync<BuyerProfile>(db, async c =>
        {
            // Opening the account locks the tenant's row, so two first uses at once make one profile.
            var wallet = await tenant.WalletAsync(OwnerTypes.Buyer, userEcosystemId, tenant.Currency, c).ConfigureAwait(false);
            if (!wallet.IsSuccess) return wallet.Error!;
            var again = await db.Buyers.AsNoTracking().FirstOrDefaultAsync(b => b.TenantId == tenantId && b.UserEcosystemId == userEcosystemId, c).ConfigureAwait(false);
            if (again is not null) return again;
            var now = time.UtcNowStored();
            var buyer = new BuyerProfile { TenantId = tenantId, UserEcosystemId = userEcosystemId, WalletAccountId = wallet.Value!.AccountId, Currency = tenant.Currency, CreatedAt = now, UpdatedAt = now };
            db.Buyers.Add(buyer);
            journal.Audit("marketplace.buyer.created", "marketplace-buyer", userEcosystemId, null, new { buyer.Segment, buyer.WalletAccountId });
            journal.Event(MarketplaceEvents.BuyerSaved, userEcosystemId, new { segment = buyer.Segment, marketplace = MarketplaceJournal.State(buyer) });
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return buyer;
        }, ct).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        return result.IsSuccess ? result.Value! : throw new InvalidOperationException("Marketplace: the buyer's wallet could not be opened: " + result.Error!.Message);
    }

    public async Task<Result<BuyerResponse>> SaveBuyerAsync(string userEcosystemId, BuyerProfileRequest? request, CancellationToken ct)
    {
        var segment = request?.Segment?.Trim().ToLowerInvariant();
        if (!Words.IsWord(segment, 40)) return Invalid("segment", "Segment is a word of 1 to 40 lower-case letters, digits or dashes (like standard or business).");
        var buyer = await BuyerAsync(userEcosystemId, ct).ConfigureAwait(false);
        var result = await transactions.RunAsync<bool>(db, async c =>
        {
            var rows = await db.Buyers.Where(b => b.TenantId == buyer.TenantId && b.UserEcosystemId == userEcosystemId)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.Segment, segment!).SetProperty(b => b.UpdatedAt, time.UtcNowStored()), c).ConfigureAwait(false);
            journal.Audit("marketplace.buyer.updated", "marketplace-buyer", userEcosystemId, new { buyer.Segment }, new { Segment = segment });
            journal.Event(MarketplaceEvents.BuyerSaved, userEcosystemId, new { segment, marketplace = MarketplaceJournal.State(buyer) });
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return rows == 1;
        }, ct).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        return result.IsSuccess ? await BuyerResponseAsync(userEcosystemId, ct).ConfigureAwait(false) : result.Error!;
    }

    public async Task<BuyerResponse> BuyerResponseAsync(string userEcosystemId, CancellationToken ct)
    {
        var buyer = await BuyerAsync(userEcosystemId, ct).ConfigureAwait(false);
        var balance = await ledger.GetBalanceAsync(buyer.WalletAccountId, ct).ConfigureAwait(false);
        var b = balance.Value;
        return new BuyerResponse(buyer.UserEcosystemId, buyer.Segment, buyer.WalletAccountId, buyer.Currency, b?.Balance ?? 0, b?.PendingDebits ?? 0, b?.Available ?? 0,
            buyer.Intents, buyer.PurchasesCompleted, buyer.Spent);
    }

    public async Task<MeResponse> MeAsync(string userEcosystemId, bool canSell, CancellationToken ct)
    {
        var buyer = await BuyerResponseAsync(userEcosystemId, ct).ConfigureAwait(false);
        var vendor = await FindVendorAsync(userEcosystemId, ct).ConfigureAwait(false);
        long? vendorBalance = null;
        if (vendor is not null) vendorBalance = (await ledger.GetBalanceAsync(vendor.WalletAccountId, ct).ConfigureAwait(false)).Value?.Balance;
        return new MeResponse(await tenant.IdAsync(ct).ConfigureAwait(false), buyer, vendor is null ? null : ToResponse(vendor), vendorBalance, canSell);
    }

    public async Task<VendorProfile?> FindVendorAsync(string userEcosystemId, CancellationToken ct)
    {
        var tenantId = await tenant.IdAsync(ct).ConfigureAwait(false);
        return await db.Vendors.AsNoTracking().FirstOrDefaultAsync(v => v.TenantId == tenantId && v.UserEcosystemId == userEcosystemId, ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<VendorResponse>> ListVendorsAsync(CancellationToken ct)
    {
        var tenantId = await tenant.IdAsync(ct).ConfigureAwait(false);
        var rows = await db.Vendors.AsNoTracking().Where(v => v.TenantId == tenantId).ToListAsync(ct).ConfigureAwait(false);
        return [.. rows.OrderByDescending(v => v.RatingCenti).ThenBy(v => v.DisplayName, StringComparer.Ordinal).Select(ToResponse)];
    }

    public async Task<Result<VendorResponse>> GetVendorAsync(string userEcosystemId, CancellationToken ct)
    {
        if (!PlainId(userEcosystemId)) return VendorNotFound;
        var vendor = await FindVendorAsync(userEcosystemId, ct).ConfigureAwait(false);
        return vendor is null ? VendorNotFound : ToResponse(vendor);
    }

    /// <summary>A vendor's own profile, made with their wallet account on first save.</summary>
    public async Task<Result<VendorResponse>> SaveVendorAsync(string userEcosystemId, VendorProfileRequest? request, CancellationToken ct)
    {
        var v = new Validator();
        if (request is null)
        {
            v.Add("body", "Give your vendor profile.");
            return v.ToError();
        }

        v.Text(request.DisplayName, "displayName", 120);
        var region = request.Region?.Trim();
        if (!Words.IsRegion(region)) v.Add("region", "Region is required: up to 60 letters, digits, spaces or dashes (like Kigali).");
        var categories = new List<string>();
        if (request.Categories is not { Count: > 0 and <= MaxCategories }) v.Add("categories", $"Give 1 to {MaxCategories} categories.");
        else
        {
            foreach (var category in request.Categories)
            {
                var word = category?.Trim().ToLowerInvariant();
                if (!Words.IsCategory(word)) v.Add("categories", "Each category is a word of 1 to 40 lower-case letters, digits or dashes (like moto).");
                else if (!categories.Contains(word!)) categories.Add(word!);
            }
        }

        if (!v.IsValid) return v.ToError();
        var tenantId = await tenant.IdAsync(ct).ConfigureAwait(false);
        var result = await transactions.RunAsync<VendorProfile>(db, async c =>
        {
            var wallet = await tenant.WalletAsync(OwnerTypes.Vendor, userEcosystemId, tenant.Currency, c).ConfigureAwait(false);
            if (!wallet.IsSuccess) return wallet.Error!;
            var now = time.UtcNowStored();
            var vendor = await db.Vendors.ForUpdate().FirstOrDefaultAsync(x => x.TenantId == tenantId && x.UserEcosystemId == userEcosystemId, c).ConfigureAwait(false);
            var before = vendor is null ? null : ToResponse(vendor);
            if (vendor is null)
            {
                vendor = new VendorProfile
                {
                    TenantId = tenantId, UserEcosystemId = userEcosystemId, WalletAccountId = wallet.Value!.AccountId, Currency = tenant.Currency,
                    RatingCenti = 0, FulfilmentBp = 10_000, CreatedAt = now,
                };
                db.Vendors.Add(vendor);
            }

            vendor.DisplayName = request.DisplayName!.Trim();
            vendor.Region = region!;
            vendor.Categories = string.Join(',', categories);
            vendor.UpdatedAt = now;
            journal.Audit(before is null ? "marketplace.vendor.created" : "marketplace.vendor.updated", "marketplace-vendor", userEcosystemId, before, ToResponse(vendor));
            journal.Event(MarketplaceEvents.VendorSaved, userEcosystemId, new { region = vendor.Region, categories });
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return vendor;
        }, ct).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        return result.IsSuccess ? ToResponse(result.Value!) : result.Error!;
    }

    /// <summary>An admin sets a vendor's ranking figures (a correction, or figures brought over from another system).</summary>
    public async Task<Result<VendorResponse>> SetFiguresAsync(string userEcosystemId, VendorFiguresRequest? request, CancellationToken ct)
    {
        var v = new Validator();
        if (request is null) v.Add("body", "Give the vendor's figures.");
        else
        {
            if (request.RatingCenti is not (>= 0 and <= 500)) v.Add("ratingCenti", "Rating is required, in hundredths from 0 to 500 (470 is 4.7 out of 5).");
            if (request.FulfilmentBp is not (>= 0 and <= 10_000)) v.Add("fulfilmentBp", "Fulfilment rate is required, in basis points from 0 to 10,000.");
            if (request.AvgResponseSeconds is not (>= 0 and <= 604_800)) v.Add("avgResponseSeconds", "Average response is required, in seconds from 0 to a week.");
            if (request.Trips is not (>= 0 and <= 10_000_000)) v.Add("trips", "Trips is required: a number from 0.");
        }

        if (!v.IsValid) return v.ToError();
        if (!PlainId(userEcosystemId)) return VendorNotFound;
        var tenantId = await tenant.IdAsync(ct).ConfigureAwait(false);
        var result = await transactions.RunAsync<VendorProfile>(db, async c =>
        {
            var vendor = await db.Vendors.ForUpdate().FirstOrDefaultAsync(x => x.TenantId == tenantId && x.UserEcosystemId == userEcosystemId, c).ConfigureAwait(false);
            if (vendor is null) return VendorNotFound;
            var before = ToResponse(vendor);
            vendor.RatingCenti = request!.RatingCenti!.Value;
            vendor.FulfilmentBp = request.FulfilmentBp!.Value;
            vendor.AvgResponseSeconds = request.AvgResponseSeconds!.Value;
            vendor.Trips = request.Trips!.Value;
            vendor.UpdatedAt = time.UtcNowStored();
            journal.Audit("marketplace.vendor.figures-set", "marketplace-vendor", userEcosystemId, before, ToResponse(vendor));
            journal.Event(MarketplaceEvents.VendorSaved, userEcosystemId, new { region = vendor.Region, categories = vendor.CategoryList });
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return vendor;
        }, ct).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        return result.IsSuccess ? ToResponse(result.Value!) : result.Error!;
    }

    public static VendorResponse ToResponse(VendorProfile v) =>
        new(v.UserEcosystemId, v.DisplayName, v.Region, v.CategoryList, v.RatingCenti / 100m, v.FulfilmentBp, v.AvgResponseSeconds, v.Trips, v.Quotes, v.WalletAccountId, v.Currency, v.UpdatedAt);

    internal static bool PlainId(string? value) => value is { Length: > 0 and <= 64 } && value.All(c => c is >= '!' and <= '~');

    private static Error Invalid(string field, string message)
    {
        var v = new Validator();
        v.Add(field, message);
        return v.ToError();
    }
}
