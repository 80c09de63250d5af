using Ecosystem.Platform;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Http;
using Ecosystem.Shop.Catalog;
using Ecosystem.Shop.Contracts;
using Ecosystem.Shop.Data;
using Ecosystem.Shop.Pricing;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Shop.Cart;

/// <summary>
/// Carts: a signed-in person has one open cart; an anonymous visitor's cart is found by its cookie and merged into the
/// person's cart when they sign in (the first cart request after sign-in). Each change is a unit with a
/// compare-and-set on the cart's version; lines keep the price snapshot they were last priced at, and reading the cart
/// prices it again.
/// </summary>
internal sealed class CartService(ShopDbContext db, Transactions transactions, ShopJournal journal, TimeProvider time, CatalogService catalog, ShopOptions options)
{
    public const int MaxLines = 50;
    public static readonly Error LineNotFound = Error.NotFound("CART_LINE_NOT_FOUND", "That item is not in your cart.");

    public async Task<CartResponse> GetAsync(CartOwner owner, CancellationToken ct)
    {
        var cart = await FindAsync(owner, tracked: false, ct).ConfigureAwait(false);
        return await ViewAsync(cart, ct).ConfigureAwait(false);
    }

    /// <summary>The signed-in person's cart with the anonymous cart of <paramref name="owner"/>'s cookie merged in (true when something was merged).</summary>
    public async Task<Result<bool>> MergeAsync(CartOwner owner, CancellationToken ct)
    {
        if (!owner.SignedIn || owner.Token is null) return false;
        var hash = CartCookie.Hash(owner.Token);
        return await transactions.RunAsync<bool>(db, async c =>
        {
            var anonymous = await db.Carts.ForUpdate().SingleOrDefaultAsync(x => x.TokenHash == hash && x.Status == CartStatus.Open, c).ConfigureAwait(false);
            if (anonymous is null || anonymous.UserEcosystemId is not null) return false;
            await LinesAsync(anonymous, c).ConfigureAwait(false);
            var now = time.UtcNowStored();
            var mine = await OpenCartOfAsync(owner.UserEcosystemId!, create: true, c).ConfigureAwait(false);
            var moved = 0;
            foreach (var line in anonymous.Lines)
            {
                var same = mine!.Lines.FirstOrDefault(l => l.SameChoice(line.ProductId, line.VariantId, line.OptionIds));
                if (same is not null)
                {
                    same.Quantity = Math.Min(PriceCalculator.MaxQuantity, same.Quantity + line.Quantity);
                }
                else if (mine.Lines.Count < MaxLines)
                {
                    var copy = new CartLine
                    {
                        LineId = Ids.New("cli", time), CartId = mine.CartId, ProductId = line.ProductId, VariantId = line.VariantId, OptionIds = [.. line.OptionIds],
                        Quantity = line.Quantity, SnapshotJson = line.SnapshotJson, CreatedAt = now,
                    };
                    mine.Lines.Add(copy);
                    db.CartLines.Add(copy);
                }

                moved++;
            }

            anonymous.Status = CartStatus.Merged;
            anonymous.Touch(now);
            mine!.Touch(now);
            journal.Audit("shop.cart.merged", "cart", mine.CartId, null, new { from = anonymous.CartId, lines = moved });
            journal.Event(ShopEvents.CartMerged, owner.UserEcosystemId, new { cartId = mine.CartId, fromCartId = anonymous.CartId, lines = moved });
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return true;
        }, ct).ConfigureAwait(false);
    }

    /// <summary>Adds a configured product (priced by the server); the same configuration again raises its quantity. Creates the cart when needed.</summary>
    public async Task<Result<CartResponse>> AddAsync(CartOwner owner, CartItemRequest request, CancellationToken ct)
    {
        var v = new Validator();
        PricingService.ValidateItem(v, new PriceItemRequest(request.ProductSlug, request.VariantId, request.OptionIds, request.Quantity), "");
        if (!v.IsValid) return v.ToError();
        var products = await catalog.LoadAsync([request.ProductSlug!.Trim()], ct).ConfigureAwait(false);
        var optionIds = (request.OptionIds ?? []).Distinct(StringComparer.Ordinal).ToList();
        var variantId = string.IsNullOrWhiteSpace(request.VariantId) ? null : request.VariantId.Trim();
        var first = PricingService.Price(products, request.ProductSlug.Trim(), variantId, optionIds, request.Quantity ?? 1);
        if (!first.IsSuccess) return first.Error!;
        var productId = first.Value!.ProductId;

        var result = await RunOnCartAsync(owner, create: true, async (cart, c) =>
        {
            var now = time.UtcNowStored();
            var line = cart.Lines.FirstOrDefault(l => l.SameChoice(productId, variantId, optionIds));
            var quantity = (line?.Quantity ?? 0) + (request.Quantity ?? 1);
            if (quantity > PriceCalculator.MaxQuantity) return Error.Unprocessable("QUANTITY_INVALID", $"You can have at most {PriceCalculator.MaxQuantity} of one item in your cart.");
            if (line is null && cart.Lines.Count >= MaxLines) return Error.Unprocessable("CART_FULL", $"A cart holds at most {MaxLines} different items.");
            var priced = PricingService.Price(products, productId, variantId, optionIds, quantity);
            if (!priced.IsSuccess) return priced.Error!;
            if (line is null)
            {
                line = new CartLine { LineId = Ids.New("cli", time), CartId = cart.CartId, ProductId = productId, VariantId = variantId, OptionIds = optionIds, CreatedAt = now };
                cart.Lines.Add(line);
                db.CartLines.Add(line);
            }

            line.Quantity = quantity;
            line.SetSnapshot(priced.Value!);
            journal.Audit("shop.cart.item-added", "cart", cart.CartId, null, new { line = line.LineId, product = priced.Value!.ProductSlug, quantity, total = priced.Value.Total });
            journal.Event(ShopEvents.CartItemAdded, cart.UserEcosystemId, new { cartId = cart.CartId, productSlug = priced.Value.ProductSlug, quantity, lineTotal = priced.Value.Total, currency = priced.Value.Currency });
            return true;
        }, ct).ConfigureAwait(false);
        return result.IsSuccess ? await GetAsync(owner with { Token = result.Value ?? owner.Token }, ct).ConfigureAwait(false) : result.Error!;
    }

    public async Task<Result<CartResponse>> UpdateAsync(CartOwner owner, string lineId, CartLineUpdateRequest request, CancellationToken ct)
    {
        if (!PlainIds.IsPlain(lineId)) return LineNotFound;
        var v = new Validator().Require(request.Quantity is >= 1 and <= PriceCalculator.MaxQuantity, "quantity", $"Choose a quantity from 1 to {PriceCalculator.MaxQuantity}.");
        if (!v.IsValid) return v.ToError();
        var result = await RunOnCartAsync(owner, create: false, async (cart, c) =>
        {
            var line = cart.Lines.FirstOrDefault(l => l.LineId == lineId);
            if (line is null) return LineNotFound;
            var products = await catalog.LoadAsync([line.ProductId], c).ConfigureAwait(false);
            var priced = PricingService.Price(products, line.ProductId, line.VariantId, line.OptionIds, request.Quantity!.Value);
            if (!priced.IsSuccess) return priced.Error!;
            var before = line.Quantity;
            line.Quantity = request.Quantity.Value;
            line.SetSnapshot(priced.Value!);
            journal.Audit("shop.cart.item-updated", "cart", cart.CartId, new { line = lineId, quantity = before }, new { line = lineId, quantity = line.Quantity });
            return true;
        }, ct).ConfigureAwait(false);
        return result.IsSuccess ? await GetAsync(owner, ct).ConfigureAwait(false) : result.Error!;
    }

    public async Task<Result<CartResponse>> RemoveAsync(CartOwner owner, string lineId, CancellationToken ct)
    {
        if (!PlainIds.IsPlain(lineId)) return LineNotFound;
        var result = await RunOnCartAsync(owner, create: false, async (cart, c) =>
        {
            var line = cart.Lines.FirstOrDefault(l => l.LineId == lineId);
            if (line is null) return LineNotFound;
            cart.Lines.Remove(line);
            db.CartLines.Remove(line);
            journal.Audit("shop.cart.item-removed", "cart", cart.CartId, new { line = lineId, product = line.ProductId, quantity = line.Quantity }, null);
            journal.Event(ShopEvents.CartItemRemoved, cart.UserEcosystemId, new { cartId = cart.CartId, productId = line.ProductId, quantity = line.Quantity });
            await Task.CompletedTask.ConfigureAwait(false);
            return true;
        }, ct).ConfigureAwait(false);
        return result.IsSuccess ? await GetAsync(owner, ct).ConfigureAwait(false) : result.Error!;
    }

    /// <summary>
    /// Runs <paramref name="change"/> on the owner's cart (locked, created when <paramref name="create"/>) in one unit,
    /// moving its version (compare-and-set). Answers the new anonymous token when a cart was created for a visitor.
    /// </summary>
    private async Task<Result<string?>> RunOnCartAsync(CartOwner owner, bool create, Func<ShopCart, CancellationToken, Task<Result<bool>>> change, CancellationToken ct)
    {
        try
        {
            return await RunOnCartOnceAsync(owner, create, change, ct).ConfigureAwait(false);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            // Two first requests of one person at once both created an open cart: the unique index let one win; use it.
            db.ChangeTracker.Clear();
            return await RunOnCartOnceAsync(owner, create, change, ct).ConfigureAwait(false);
        }
    }

    private async Task<Result<string?>> RunOnCartOnceAsync(CartOwner owner, bool create, Func<ShopCart, CancellationToken, Task<Result<bool>>> change, CancellationToken ct)
    {
        string? newToken = null;
        var result = await transactions.RunAsync<string?>(db, async c =>
        {
            var cart = await FindAsync(owner, tracked: true, c).ConfigureAwait(false);
            if (cart is null)
            {
                if (!create) return LineNotFound;
                if (owner.SignedIn)
                {
                    cart = await OpenCartOfAsync(owner.UserEcosystemId!, create: true, c).ConfigureAwait(false);
                }
                else
                {
                    newToken = owner.Token ?? NewToken();
                    var now = time.UtcNowStored();
                    cart = new ShopCart { CartId = Ids.New("crt", time), TokenHash = CartCookie.Hash(newToken), Status = CartStatus.Open, CreatedAt = now, UpdatedAt = now };
                    db.Carts.Add(cart);
                }
            }

            var changed = await change(cart!, c).ConfigureAwait(false);
            if (!changed.IsSuccess) return changed.Error!;
            cart!.Touch(time.UtcNowStored());
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return newToken;
        }, ct).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        return result;
    }

    /// <summary>A token for a visitor's first cart; the endpoint puts it in the cookie.</summary>
    public static string NewToken() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async Task<ShopCart?> FindAsync(CartOwner owner, bool tracked, CancellationToken ct)
    {
        // The cart row alone is locked (PostgreSQL cannot lock the nullable side of the lines' outer join); its lines follow.
        IQueryable<ShopCart> carts = tracked ? db.Carts.ForUpdate() : db.Carts.AsNoTracking().Include(x => x.Lines);
        ShopCart? cart;
        if (owner.SignedIn)
        {
            cart = await carts.SingleOrDefaultAsync(x => x.UserEcosystemId == owner.UserEcosystemId && x.Status == CartStatus.Open, ct).ConfigureAwait(false);
        }
        else if (owner.Token is null)
        {
            return null;
        }
        else
        {
            var hash = CartCookie.Hash(owner.Token);
            cart = await carts.SingleOrDefaultAsync(x => x.TokenHash == hash && x.Status == CartStatus.Open && x.UserEcosystemId == null, ct).ConfigureAwait(false);
        }

        if (cart is not null && tracked) await LinesAsync(cart, ct).ConfigureAwait(false);
        return cart;
    }

    private Task LinesAsync(ShopCart cart, CancellationToken ct) => db.Entry(cart).Collection(x => x.Lines).LoadAsync(ct);

    private async Task<ShopCart?> OpenCartOfAsync(string userEcosystemId, bool create, CancellationToken ct)
    {
        var cart = await db.Carts.ForUpdate().SingleOrDefaultAsync(x => x.UserEcosystemId == userEcosystemId && x.Status == CartStatus.Open, ct).ConfigureAwait(false);
        if (cart is not null) await LinesAsync(cart, ct).ConfigureAwait(false);
        if (cart is not null || !create) return cart;
        var now = time.UtcNowStored();
        cart = new ShopCart { CartId = Ids.New("crt", time), UserEcosystemId = userEcosystemId, Status = CartStatus.Open, CreatedAt = now, UpdatedAt = now };
        db.Carts.Add(cart);
        return cart;
    }

    /// <summary>The cart priced as the catalog is now: each line's current price, whether it changed, and what stops a line from being bought.</summary>
    public async Task<CartResponse> ViewAsync(ShopCart? cart, CancellationToken ct)
    {
        if (cart is null || cart.Lines.Count == 0) return new CartResponse(cart?.CartId, [], 0, 0, 0, options.Currency, 0, []);
        var products = await catalog.LoadAsync(cart.Lines.Select(l => l.ProductId), ct).ConfigureAwait(false);
        var lines = new List<CartLineResponse>();
        var problems = new List<string>();
        foreach (var line in cart.Lines.OrderBy(l => l.CreatedAt).ThenBy(l => l.LineId, StringComparer.Ordinal))
        {
            var stored = line.Snapshot;
            var now = PricingService.Price(products, line.ProductId, line.VariantId, line.OptionIds, line.Quantity);
            var price = now.IsSuccess ? now.Value! : stored;
            string? problem = now.IsSuccess ? null : now.Error!.Message;
            if (problem is not null) problems.Add($"{stored.ProductTitle}: {problem}");
            lines.Add(new CartLineResponse(line.LineId, price.ProductSlug, price.VariantName is null ? price.ProductTitle : $"{price.ProductTitle} — {price.VariantName}", line.VariantId, line.OptionIds,
                line.Quantity, price, now.IsSuccess && now.Value!.Total != stored.Total, problem));
        }

        var valid = lines.Where(l => l.Problem is null).Select(l => l.Price).ToList();
        return new CartResponse(cart.CartId, lines, valid.Sum(l => l.Net), valid.Sum(l => l.Tax), valid.Sum(l => l.Total), options.Currency, lines.Sum(l => l.Quantity), problems);
    }
}
