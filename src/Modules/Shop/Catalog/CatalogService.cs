using System.Text.Json;
using System.Text.RegularExpressions;
using Ecosystem.Platform;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Files;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Payments;
using Ecosystem.Shop.Data;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Shop.Catalog;

/// <summary>The catalog: products with their option groups, packages, images and plans; read by everyone, edited by admins.</summary>
internal sealed partial class CatalogService(ShopDbContext db, Transactions transactions, ShopJournal journal, TimeProvider time, ShopOptions options, FileService files)
{
    public static readonly Error ProductNotFound = Error.NotFound("PRODUCT_NOT_FOUND", "There is no such product.");
    public const long MaxPrice = 100_000_000_00;

    private IQueryable<Product> Graph => db.Products.AsNoTracking().AsSplitQuery()
        .Include(p => p.Groups).ThenInclude(g => g.Options).Include(p => p.Variants).Include(p => p.Media).Include(p => p.Plans);

    public async Task<IReadOnlyList<ProductResponse>> ListAsync(bool includeInactive, string? category, CancellationToken ct)
    {
        var query = Graph;
        if (!includeInactive) query = query.Where(p => p.Active);
        if (!string.IsNullOrWhiteSpace(category)) query = query.Where(p => p.Category == category);
        var products = await query.ToListAsync(ct).ConfigureAwait(false);
        return [.. products.OrderBy(p => p.DisplayOrder).ThenBy(p => p.Title, StringComparer.Ordinal).Select(p => ToResponse(p, includeInactive))];
    }

    public async Task<Result<ProductResponse>> GetAsync(string slug, bool includeInactive, CancellationToken ct)
    {
        if (!PlainIds.IsPlain(slug)) return ProductNotFound;
        var product = await Graph.SingleOrDefaultAsync(p => p.Slug == slug, ct).ConfigureAwait(false);
        if (product is null || (!product.Active && !includeInactive)) return ProductNotFound;
        return ToResponse(product, includeInactive);
    }

    /// <summary>Products with everything pricing needs, by slug or by id.</summary>
    public async Task<Dictionary<string, Product>> LoadAsync(IEnumerable<string> slugsOrIds, CancellationToken ct)
    {
        var keys = slugsOrIds.Distinct(StringComparer.Ordinal).ToList();
        var found = await Graph.Where(p => keys.Contains(p.Slug) || keys.Contains(p.ProductId)).ToListAsync(ct).ConfigureAwait(false);
        var map = new Dictionary<string, Product>(StringComparer.Ordinal);
        foreach (var p in found)
        {
            map[p.Slug] = p;
            map[p.ProductId] = p;
        }

        return map;
    }

    public async Task<Result<SubscriptionPlan>> FindPlanAsync(string planId, CancellationToken ct) =>
        PlainIds.IsPlain(planId) && await db.Plans.AsNoTracking().SingleOrDefaultAsync(p => p.PlanId == planId && p.Active, ct).ConfigureAwait(false) is { } plan
            ? plan
            : Error.NotFound("PLAN_NOT_FOUND", "There is no such plan on sale.");

    public async Task<string?> MediaFileAsync(string mediaId, CancellationToken ct) =>
        !PlainIds.IsPlain(mediaId) ? null : await db.Media.AsNoTracking().Where(m => m.MediaId == mediaId).Select(m => m.FileId).SingleOrDefaultAsync(ct).ConfigureAwait(false);

    /// <summary>Creates a product (<paramref name="existingSlug"/> null) or replaces one, in one unit with its audit row.</summary>
    public async Task<Result<ProductResponse>> SaveAsync(string? existingSlug, ProductRequest request, CancellationToken ct)
    {
        if (existingSlug is not null && !PlainIds.IsPlain(existingSlug)) return ProductNotFound;
        var v = Validate(request);
        if (!v.IsValid) return v.ToError();
        var result = await transactions.RunAsync<string>(db, async c =>
        {
            var now = time.UtcNowStored();
            Product? product = null;
            if (existingSlug is not null)
            {
                product = await db.Products.Include(p => p.Groups).ThenInclude(g => g.Options).Include(p => p.Variants).Include(p => p.Media).Include(p => p.Plans)
                    .SingleOrDefaultAsync(p => p.Slug == existingSlug, c).ConfigureAwait(false);
                if (product is null) return ProductNotFound;
            }

            var slug = request.Slug!.Trim();
            if (await db.Products.AnyAsync(p => p.Slug == slug && (product == null || p.ProductId != product.ProductId), c).ConfigureAwait(false))
            {
                return Error.Conflict("SLUG_TAKEN", $"Another product already uses the address “{slug}”.");
            }

            var productId = product?.ProductId ?? Ids.New("prd", time);
            if (await ForeignIdAsync(productId, request, c).ConfigureAwait(false) is { } taken)
            {
                return Error.Conflict("ID_TAKEN", $"The id “{taken}” belongs to another product; leave it out to get a new one.");
            }

            if (await MissingFileAsync(request, c).ConfigureAwait(false) is { } missing)
            {
                return Error.Unprocessable("FILE_NOT_FOUND", $"There is no uploaded image with the id “{missing}”. Upload it to the catalog first.");
            }

            var before = product is null ? null : Snapshot(product);
            if (product is null)
            {
                product = new Product { ProductId = productId, CreatedAt = now };
                db.Products.Add(product);
            }
            else
            {
                product.Version++;
            }

            Apply(product, request, now);
            journal.Audit(before is null ? "shop.product.created" : "shop.product.updated", "product", product.Slug, before, Snapshot(product));
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return product.Slug;
        }, ct).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        return result.IsSuccess ? await GetAsync(result.Value!, includeInactive: true, ct).ConfigureAwait(false) : result.Error!;
    }

    private void Apply(Product p, ProductRequest r, DateTimeOffset now)
    {
        p.Slug = r.Slug!.Trim();
        p.Title = r.Title!.Trim();
        p.Description = r.Description?.Trim() ?? "";
        p.Category = r.Category!.Trim();
        p.Active = r.Active ?? true;
        p.DisplayOrder = r.DisplayOrder ?? 0;
        p.BasePrice = r.BasePrice!.Value;
        p.Currency = options.Currency;
        p.TaxRateBasisPoints = r.TaxRate!.Value;
        p.MetadataJson = JsonSerializer.Serialize(r.Metadata ?? new Dictionary<string, string>(), Json.Options);
        p.UpdatedAt = now;

        var variants = (r.Variants ?? []).Select((x, i) => new ProductVariant
        {
            VariantId = x.Id?.Trim() ?? Ids.New("var", time), ProductId = p.ProductId, Name = x.Name!.Trim(), Sku = string.IsNullOrWhiteSpace(x.Sku) ? null : x.Sku.Trim(),
            Price = x.Price!.Value, DisplayOrder = i, Active = x.Active ?? true,
        }).ToList();
        db.Variants.RemoveRange(p.Variants.Where(old => !variants.Any(n => n.VariantId == old.VariantId)));
        foreach (var n in variants) Upsert(p.Variants, n, x => x.VariantId, db.Variants);

        var keptOptions = new HashSet<string>(StringComparer.Ordinal);
        var groups = new List<OptionGroup>();
        for (var gi = 0; gi < (r.OptionGroups ?? []).Count; gi++)
        {
            var g = r.OptionGroups![gi];
            var group = new OptionGroup
            {
                GroupId = g.Id?.Trim() ?? Ids.New("grp", time), ProductId = p.ProductId, Name = g.Name!.Trim(), Multiple = g.Multiple ?? false, Required = g.Required ?? false,
                MinSelections = g.MinSelections ?? (g.Required == true ? 1 : 0), MaxSelections = (g.Multiple ?? false) ? g.MaxSelections ?? Math.Max(1, g.Options?.Count ?? 1) : 1, DisplayOrder = gi,
            };
            var existing = Upsert(p.Groups, group, x => x.GroupId, db.OptionGroups);
            var opts = (g.Options ?? []).Select((o, oi) => new ProductOption
            {
                OptionId = o.Id?.Trim() ?? Ids.New("opt", time), GroupId = existing.GroupId, ProductId = p.ProductId, Name = o.Name!.Trim(),
                Description = string.IsNullOrWhiteSpace(o.Description) ? null : o.Description.Trim(), DeltaType = o.DeltaType == "percent" ? DeltaType.Percent : DeltaType.Fixed,
                PriceDelta = o.PriceDelta ?? 0, Requires = [.. o.Requires ?? []], Excludes = [.. o.Excludes ?? []], VariantIds = [.. o.VariantIds ?? []], Flags = [.. (o.Flags ?? []).Select(f => f.Trim())],
                DisplayOrder = oi, Active = o.Active ?? true,
            }).ToList();
            db.Options.RemoveRange(existing.Options.Where(old => !opts.Any(n => n.OptionId == old.OptionId)));
            foreach (var o in opts)
            {
                keptOptions.Add(o.OptionId);
                Upsert(existing.Options, o, x => x.OptionId, db.Options);
            }

            groups.Add(existing);
        }

        foreach (var gone in p.Groups.Where(old => !groups.Any(n => n.GroupId == old.GroupId)).ToList())
        {
            db.Options.RemoveRange(gone.Options);
            db.OptionGroups.Remove(gone);
        }

        db.Media.RemoveRange(p.Media);
        p.Media.Clear();
        foreach (var (m, i) in (r.Media ?? []).Select((m, i) => (m, i)))
        {
            p.Media.Add(new ProductMedia { MediaId = Ids.New("med", time), ProductId = p.ProductId, FileId = m.FileId!.Trim(), AltText = m.AltText!.Trim(), DisplayOrder = i });
        }

        var plans = (r.Plans ?? []).Select(x => new SubscriptionPlan
        {
            PlanId = x.Id?.Trim() ?? Ids.New("pln", time), ProductId = p.ProductId, Name = x.Name!.Trim(), Interval = Enum.Parse<BillingInterval>(x.Interval!, ignoreCase: true),
            Price = x.Price!.Value, Currency = options.Currency, TrialDays = x.TrialDays ?? 0, ProviderPriceId = x.ProviderPriceId?.Trim() ?? "", Active = x.Active ?? true,
        }).ToList();
        foreach (var old in p.Plans.Where(old => !plans.Any(n => n.PlanId == old.PlanId))) old.Active = false;
        foreach (var n in plans)
        {
            if (string.IsNullOrEmpty(n.ProviderPriceId)) n.ProviderPriceId = "price_" + n.PlanId;
            Upsert(p.Plans, n, x => x.PlanId, db.Plans);
        }
    }

    /// <summary>Copies <paramref name="incoming"/> onto the existing child with the same id, or adds it.</summary>
    private T Upsert<T>(List<T> existing, T incoming, Func<T, string> id, DbSet<T> set)
        where T : class
    {
        var found = existing.FirstOrDefault(x => id(x) == id(incoming));
        if (found is null)
        {
            existing.Add(incoming);
            set.Add(incoming);
            return incoming;
        }

        var entry = db.Entry(found);
        foreach (var property in entry.Properties.Where(pr => !pr.Metadata.IsPrimaryKey()))
        {
            property.CurrentValue = property.Metadata.PropertyInfo!.GetValue(incoming);
        }

        return found;
    }

    private async Task<string?> ForeignIdAsync(string productId, ProductRequest r, CancellationToken ct)
    {
        var groupIds = (r.OptionGroups ?? []).Where(g => g.Id is not null).Select(g => g.Id!.Trim()).ToList();
        var optionIds = (r.OptionGroups ?? []).SelectMany(g => g.Options ?? []).Where(o => o.Id is not null).Select(o => o.Id!.Trim()).ToList();
        var variantIds = (r.Variants ?? []).Where(x => x.Id is not null).Select(x => x.Id!.Trim()).ToList();
        var planIds = (r.Plans ?? []).Where(x => x.Id is not null).Select(x => x.Id!.Trim()).ToList();
        return await db.OptionGroups.Where(g => groupIds.Contains(g.GroupId) && g.ProductId != productId).Select(g => g.GroupId).FirstOrDefaultAsync(ct).ConfigureAwait(false)
            ?? await db.Options.Where(o => optionIds.Contains(o.OptionId) && o.ProductId != productId).Select(o => o.OptionId).FirstOrDefaultAsync(ct).ConfigureAwait(false)
            ?? await db.Variants.Where(o => variantIds.Contains(o.VariantId) && o.ProductId != productId).Select(o => o.VariantId).FirstOrDefaultAsync(ct).ConfigureAwait(false)
            ?? await db.Plans.Where(o => planIds.Contains(o.PlanId) && o.ProductId != productId).Select(o => o.PlanId).FirstOrDefaultAsync(ct).ConfigureAwait(false);
    }

    private async Task<string?> MissingFileAsync(ProductRequest r, CancellationToken ct)
    {
        foreach (var m in r.Media ?? [])
        {
            var file = await files.GetAsync(m.FileId!.Trim(), journal.ActorId, [], ct).ConfigureAwait(false);
            if (!file.IsSuccess || file.Value!.Bucket != ShopModule.CatalogBucket) return m.FileId;
        }

        return null;
    }

    private Validator Validate(ProductRequest r)
    {
        var v = new Validator()
            .Require(r.Slug is { } s && Slug().IsMatch(s.Trim()), "slug", "Use 1 to 80 lower-case letters, digits and dashes for the web address, like “instagram-followers”.")
            .Text(r.Title, "title", 120)
            .Text(r.Description, "description", 4000, required: false)
            .Text(r.Category, "category", 60)
            .Require(r.BasePrice is >= 0 and <= MaxPrice, "basePrice", "Enter a base price from 0 to 100,000,000.00, in cents.")
            .Require(r.Currency is null || r.Currency.Trim().ToUpperInvariant() == options.Currency, "currency", $"The shop sells in {options.Currency}; leave the currency out or use {options.Currency}.")
            .Require(r.TaxRate is >= 0 and <= 10_000, "taxRate", "Enter the tax rate in basis points, from 0 to 10000 (1900 is 19 %).")
            .Require(r.DisplayOrder is null or >= 0 and <= 100_000, "displayOrder", "The display order is a whole number from 0 to 100000.")
            .Require((r.OptionGroups?.Count ?? 0) <= 20, "optionGroups", "A product has at most 20 option groups.")
            .Require((r.Variants?.Count ?? 0) <= 50, "variants", "A product has at most 50 packages.")
            .Require((r.Media?.Count ?? 0) <= 10, "media", "A product has at most 10 images.")
            .Require((r.Plans?.Count ?? 0) <= 10, "plans", "A product has at most 10 plans.")
            .Require((r.Metadata?.Count ?? 0) <= 30 && (r.Metadata ?? new Dictionary<string, string>()).All(kv => kv.Key.Length is > 0 and <= 40 && (kv.Value?.Length ?? 0) <= 300), "metadata", "At most 30 details, each a name up to 40 characters and a value up to 300.");
        v.Require((r.OptionGroups ?? []).All(g => g is not null) && (r.OptionGroups ?? []).All(g => g.Options is null || g.Options.All(o => o is not null)), "optionGroups", "An option group or option in the list is empty.")
            .Require((r.Variants ?? []).All(x => x is not null), "variants", "A package in the list is empty.")
            .Require((r.Media ?? []).All(x => x is not null), "media", "An image in the list is empty.")
            .Require((r.Plans ?? []).All(x => x is not null), "plans", "A plan in the list is empty.")
            .Require((r.OptionGroups ?? []).Where(g => g is not null).SelectMany(g => g.Options ?? []).Where(o => o is not null)
                .All(o => new[] { o.Requires, o.Excludes, o.VariantIds, o.Flags }.All(list => list is null || list.All(x => x is not null))), "optionGroups", "An option's list of ids or labels has an empty entry.")
            .Require(r.Metadata is null || r.Metadata.Values.All(x => x is not null), "metadata", "A detail has no value.");
        if (!v.IsValid) return v;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        void Id(string? id, string prefix, string field)
        {
            if (id is null) return;
            if (!ChildId().IsMatch(id.Trim()) || !id.Trim().StartsWith(prefix + "_", StringComparison.Ordinal)) v.Add(field, $"An id here looks like {prefix}_something: letters, digits, _ and - after “{prefix}_”, at most 40 characters.");
            else if (!ids.Add(id.Trim())) v.Add(field, $"The id “{id.Trim()}” is used twice.");
        }

        var variantIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (x, i) in (r.Variants ?? []).Select((x, i) => (x, i)))
        {
            Id(x.Id, "var", $"variants[{i}].id");
            v.Text(x.Name, $"variants[{i}].name", 80).Text(x.Sku, $"variants[{i}].sku", 60, required: false)
                .Require(x.Price is >= 0 and <= MaxPrice, $"variants[{i}].price", "Enter the package price from 0 to 100,000,000.00, in cents.");
            if (x.Id is not null) variantIds.Add(x.Id.Trim());
        }

        var optionIds = (r.OptionGroups ?? []).SelectMany(g => g.Options ?? []).Where(o => o.Id is not null).Select(o => o.Id!.Trim()).ToHashSet(StringComparer.Ordinal);
        foreach (var (g, gi) in (r.OptionGroups ?? []).Select((g, i) => (g, i)))
        {
            var f = $"optionGroups[{gi}]";
            Id(g.Id, "grp", f + ".id");
            v.Text(g.Name, f + ".name", 80)
                .Require((g.Options?.Count ?? 0) is >= 1 and <= 50, f + ".options", "A group has 1 to 50 options.")
                .Require(g.MinSelections is null or >= 0 and <= 50, f + ".minSelections", "The minimum is a whole number from 0 to 50.")
                .Require(g.MaxSelections is null or >= 1 and <= 50, f + ".maxSelections", "The maximum is a whole number from 1 to 50.")
                .Require(g.MinSelections is null || g.MaxSelections is null || g.MinSelections <= g.MaxSelections, f + ".minSelections", "The minimum cannot be above the maximum.")
                .Require(g.Multiple == true || g.MinSelections is null or <= 1, f + ".minSelections", "A single-choice group takes one option; make it multiple choice for more.");
            foreach (var (o, oi) in (g.Options ?? []).Select((o, i) => (o, i)))
            {
                var of = $"{f}.options[{oi}]";
                Id(o.Id, "opt", of + ".id");
                var percent = o.DeltaType == "percent";
                v.Text(o.Name, of + ".name", 80).Text(o.Description, of + ".description", 300, required: false)
                    .Require(o.DeltaType is null or "fixed" or "percent", of + ".deltaType", "The price change is “fixed” (cents) or “percent” (basis points).")
                    .Require(percent ? o.PriceDelta is null or >= -10_000 and <= 100_000 : o.PriceDelta is null or >= -MaxPrice and <= MaxPrice, of + ".priceDelta",
                        percent ? "A percent change is from -10000 to 100000 basis points (1500 is +15 %)." : "A fixed change is at most 100,000,000.00 either way, in cents.")
                    .Require((o.Requires ?? []).All(optionIds.Contains), of + ".requires", "An option can only require options of this product (give them ids).")
                    .Require((o.Excludes ?? []).All(optionIds.Contains), of + ".excludes", "An option can only exclude options of this product (give them ids).")
                    .Require(o.Id is null || !(o.Requires ?? []).Contains(o.Id) && !(o.Excludes ?? []).Contains(o.Id), of + ".requires", "An option cannot require or exclude itself.")
                    .Require((o.VariantIds ?? []).All(variantIds.Contains), of + ".variantIds", "An option can only name packages of this product (give them ids).")
                    .Require((o.Flags ?? []).Count <= 10 && (o.Flags ?? []).All(x => x.Trim().Length is > 0 and <= 40), of + ".flags", "At most 10 labels of up to 40 characters.");
            }
        }

        foreach (var (m, i) in (r.Media ?? []).Select((m, i) => (m, i)))
        {
            v.Require(PlainIds.IsPlain(m.FileId?.Trim()), $"media[{i}].fileId", "Name an uploaded image by its id.").Text(m.AltText, $"media[{i}].altText", 200);
        }

        foreach (var (x, i) in (r.Plans ?? []).Select((x, i) => (x, i)))
        {
            Id(x.Id, "pln", $"plans[{i}].id");
            v.Text(x.Name, $"plans[{i}].name", 80)
                .Require(x.Interval is not null && Enum.TryParse<BillingInterval>(x.Interval, ignoreCase: true, out _) && !int.TryParse(x.Interval, out _), $"plans[{i}].interval", "A plan renews every day, week, month or year.")
                .Require(x.Price is > 0 and <= MaxPrice, $"plans[{i}].price", "Enter the plan price, more than zero, in cents.")
                .Require(x.TrialDays is null or >= 0 and <= 730, $"plans[{i}].trialDays", "A trial is 0 to 730 days.")
                .Text(x.ProviderPriceId, $"plans[{i}].providerPriceId", 100, required: false)
                .Require(x.ProviderPriceId is null || PlainIds.IsPlain(x.ProviderPriceId.Trim()), $"plans[{i}].providerPriceId", "The provider's price id is letters, digits and underscores, like price_123.");
        }

        return v;
    }

    public ProductResponse ToResponse(Product p, bool includeInactive)
    {
        var metadata = JsonSerializer.Deserialize<Dictionary<string, string>>(p.MetadataJson, Json.Options) ?? [];
        return new ProductResponse(p.ProductId, p.Slug, p.Title, p.Description, p.Category, p.Active, p.DisplayOrder, p.BasePrice, p.Currency, p.TaxRateBasisPoints,
            [.. p.Groups.OrderBy(g => g.DisplayOrder).Select(g => new OptionGroupResponse(g.GroupId, g.Name, g.Multiple, g.Required, g.MinSelections, g.MaxSelections,
                [.. g.Options.Where(o => includeInactive || o.Active).OrderBy(o => o.DisplayOrder).Select(o => new OptionResponse(o.OptionId, o.Name, o.Description, o.PriceDelta,
                    o.DeltaType == DeltaType.Percent ? "percent" : "fixed", o.Requires, o.Excludes, o.VariantIds, o.Flags, o.Active))]))
                .Where(g => g.Options.Count > 0)],
            [.. p.Variants.Where(x => includeInactive || x.Active).OrderBy(x => x.DisplayOrder).Select(x => new VariantResponse(x.VariantId, x.Name, x.Sku, x.Price, x.Active))],
            [.. p.Media.OrderBy(m => m.DisplayOrder).Select(m => new MediaResponse(m.MediaId, m.FileId, m.AltText, "/shop/media/" + m.MediaId))],
            [.. p.Plans.Where(x => includeInactive || x.Active).Select(x => new PlanResponse(x.PlanId, x.Name, x.Interval.ToString().ToLowerInvariant(), x.Price, x.Currency, x.TrialDays, x.ProviderPriceId, x.Active))],
            metadata);
    }

    private static object Snapshot(Product p) => new
    {
        p.Slug, p.Title, p.Category, p.Active, basePrice = new Money(p.BasePrice, p.Currency).ToString(), taxRate = p.TaxRateBasisPoints,
        groups = p.Groups.Select(g => new { g.Name, options = g.Options.Select(o => new { o.Name, o.DeltaType, o.PriceDelta, o.Active }) }),
        variants = p.Variants.Select(x => new { x.Name, price = new Money(x.Price, p.Currency).ToString(), x.Active }),
        plans = p.Plans.Select(x => new { x.Name, x.Interval, price = new Money(x.Price, x.Currency).ToString(), x.TrialDays, x.Active }),
    };

    [GeneratedRegex("^(?=.{1,80}$)[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex Slug();

    [GeneratedRegex("^[a-z]{3}_[A-Za-z0-9_-]{1,36}$")]
    private static partial Regex ChildId();
}
