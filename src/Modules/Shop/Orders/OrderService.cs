using System.Text.Json;
using Ecosystem.Identity.Contracts;
using Ecosystem.Platform;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Security;
using Ecosystem.Shop.Contracts;
using Ecosystem.Shop.Data;
using Ecosystem.Shop.Payments;
using Ecosystem.Shop.Pricing;
using Ecosystem.Shop.Profiles;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Shop.Orders;

/// <summary>
/// Orders: placing one (from the cart at checkout, or an admin's manual order), reading them (a client their own; another
/// client's is 404), and moving them through <see cref="OrderTransitions"/>, each step with its timeline entry, audit
/// row and event in the same unit.
/// </summary>
internal sealed class OrderService(
    ShopDbContext db, Transactions transactions, ShopJournal journal, TimeProvider time, ShopOptions options, IUserDirectory users,
    ProfileService profiles, Cart.CartService carts, Catalog.CatalogService catalog)
{
    public static readonly Error CartEmpty = Error.Unprocessable("CART_EMPTY", "Your cart is empty. Add a service before checking out.");
    public static readonly Error ProfileIncomplete = Error.Unprocessable("PROFILE_INCOMPLETE", "Add your name and invoice address before checking out.");
    public static readonly Error TermsRequired = Error.Unprocessable("CONSENT_REQUIRED", "Accept the terms of service to place the order.");

    public async Task<Result<CheckoutResponse>> CheckoutAsync(Cart.CartOwner owner, CheckoutRequest request, CancellationToken ct)
    {
        var v = new Validator()
            .Text(request.Note, "note", 500, required: false)
            .Require(request.ExpectedTotal is null or >= 0, "expectedTotal", "The expected total cannot be negative.");
        if (!v.IsValid) return v.ToError();
        await carts.MergeAsync(owner, ct).ConfigureAwait(false);
        var userId = owner.UserEcosystemId!;
        var placed = await transactions.RunAsync<CheckoutResponse>(db, async c =>
        {
            var cart = await carts.FindAsync(owner with { Token = null }, tracked: true, c).ConfigureAwait(false);
            if (cart is null || cart.Lines.Count == 0) return CartEmpty;

            CustomerProfile? profile;
            if (request.Profile is { } changes)
            {
                var applied = await profiles.ApplyAsync(userId, changes with { Consents = Merge(changes.Consents, request) }, c).ConfigureAwait(false);
                if (!applied.IsSuccess) return applied.Error!;
                profile = applied.Value!;
            }
            else
            {
                profile = await journal.ProfileForUpdateAsync(userId, c).ConfigureAwait(false);
                if (profile is not null && (request.AcceptTerms is not null || request.MarketingConsent is not null))
                {
                    var applied = await profiles.ApplyAsync(userId, new ProfileRequest(null, null, null, null, null, null, null, null, null, null, Merge(null, request)), c).ConfigureAwait(false);
                    if (!applied.IsSuccess) return applied.Error!;
                }
            }

            if (profile is null || !profile.IsCompleteForInvoice) return ProfileIncomplete;
            if (!CustomerProfile.Has(profile.TermsAcceptedAt, profile.TermsWithdrawnAt)) return TermsRequired;

            // The server prices every line again from the catalog as it is now.
            var products = await catalog.LoadAsync(cart.Lines.Select(l => l.ProductId), c).ConfigureAwait(false);
            var lines = new List<PricedLine>();
            foreach (var line in cart.Lines.OrderBy(l => l.CreatedAt).ThenBy(l => l.LineId, StringComparer.Ordinal))
            {
                var priced = PricingService.Price(products, line.ProductId, line.VariantId, line.OptionIds, line.Quantity);
                if (!priced.IsSuccess) return priced.Error! with { Message = $"{line.Snapshot.ProductTitle}: {priced.Error!.Message} Change it in your cart." };
                lines.Add(priced.Value!);
            }

            var quote = PriceQuote.Of(lines, options.Currency);
            if (request.ExpectedTotal is { } expected && expected != quote.Total)
            {
                return Error.Conflict("PRICE_CHANGED", $"The total is now {new Money(quote.Total, quote.Currency)}, not {new Money(expected, quote.Currency)}. Look at your cart again.");
            }

            var user = (await users.GetManyAsync([userId], c).ConfigureAwait(false)).GetValueOrDefault(userId);
            var order = await PlaceAsync(userId, "checkout", quote, profile, user?.Email, request.Note, c).ConfigureAwait(false);
            cart.Status = Cart.CartStatus.Ordered;
            cart.Touch(time.UtcNowStored());
            var granted = await users.GrantRoleAsync(userId, Roles.Client, c).ConfigureAwait(false);
            if (!granted.IsSuccess && granted.Error!.Status != 404) return granted.Error!;
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return new CheckoutResponse(order.OrderNumber, OrderTransitions.Word(order.Status), order.Total, order.Currency);
        }, ct).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        return placed;
    }

    private static ConsentRequest? Merge(ConsentRequest? consents, CheckoutRequest request) =>
        request.AcceptTerms is null && request.MarketingConsent is null ? consents
        : new ConsentRequest(request.AcceptTerms == true ? true : consents?.Terms, request.MarketingConsent ?? consents?.Marketing, consents?.Insights);

    /// <summary>An admin's order for a client (source <c>manual</c>), priced by the same function.</summary>
    public async Task<Result<OrderResponse>> CreateManualAsync(ManualOrderRequest request, CancellationToken ct)
    {
        var v = new Validator()
            .Require(!string.IsNullOrWhiteSpace(request.UserEcosystemId) || !string.IsNullOrWhiteSpace(request.Username), "username", "Name the client: their username.")
            .Require(request.Username is null || (request.Username.Trim().Length <= 100 && !request.Username.Any(char.IsControl)), "username", "That is not a username.")
            .Require(request.UserEcosystemId is null || PlainIds.IsPlain(request.UserEcosystemId.Trim()), "userEcosystemId", "That is not a person's id.")
            .Require(request.Items is { Count: >= 1 and <= PricingService.MaxItems }, "items", $"Add 1 to {PricingService.MaxItems} items.")
            .Text(request.Note, "note", 500, required: false);
        PricingService.ValidateItems(v, request.Items ?? []);
        if (!v.IsValid) return v.ToError();
        UserDto? user = null;
        if (!string.IsNullOrWhiteSpace(request.Username)) user = await users.FindByUsernameAsync(request.Username.Trim(), ct).ConfigureAwait(false);
        else if (request.UserEcosystemId!.Length <= 40) user = (await users.GetManyAsync([request.UserEcosystemId.Trim()], ct).ConfigureAwait(false)).Values.FirstOrDefault();
        if (user is null) return Error.Unprocessable("CLIENT_NOT_FOUND", "There is no person with that username.");
        var products = await catalog.LoadAsync(request.Items!.Select(i => i.ProductSlug!.Trim()), ct).ConfigureAwait(false);
        var lines = new List<PricedLine>();
        foreach (var item in request.Items!)
        {
            var priced = PricingService.Price(products, item.ProductSlug!.Trim(), item.VariantId, item.OptionIds ?? [], item.Quantity ?? 1);
            if (!priced.IsSuccess) return priced.Error!;
            lines.Add(priced.Value!);
        }

        var placed = await transactions.RunAsync<string>(db, async c =>
        {
            var profile = await journal.ProfileForUpdateAsync(user.UserEcosystemId, c).ConfigureAwait(false);
            var order = await PlaceAsync(user.UserEcosystemId, "manual", PriceQuote.Of(lines, options.Currency), profile, user.Email, request.Note, c).ConfigureAwait(false);
            var granted = await users.GrantRoleAsync(user.UserEcosystemId, Roles.Client, c).ConfigureAwait(false);
            if (!granted.IsSuccess) return granted.Error!;
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return order.OrderNumber;
        }, ct).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        return placed.IsSuccess ? await GetAsync(placed.Value!, null, ct).ConfigureAwait(false) : placed.Error!;
    }

    /// <summary>Adds the order (number, items with their price snapshots, billing details), its timeline entry, audit row and event; the caller saves.</summary>
    private async Task<Order> PlaceAsync(string userId, string source, PriceQuote quote, CustomerProfile? profile, string? email, string? note, CancellationToken ct)
    {
        var now = time.UtcNowStored();
        var number = await NextNumberAsync(now.Year, ct).ConfigureAwait(false);
        var order = new Order
        {
            OrderId = Ids.New("ord", time), OrderNumber = $"ORD-{now.Year}-{number:D6}", UserEcosystemId = userId, Status = OrderStatus.Pending, Source = source,
            Subtotal = quote.Subtotal, Tax = quote.Tax, Total = quote.Total, Currency = quote.Currency, CreatedBy = journal.ActorId, CreatedAt = now, UpdatedAt = now,
            Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
            BillingJson = JsonSerializer.Serialize(new BillingDetails(profile?.FullName, profile?.Company, profile?.VatId, profile?.AddressLine1, profile?.AddressLine2,
                profile?.PostalCode, profile?.City, profile?.Country, email), Json.Options),
        };
        foreach (var line in quote.Lines) order.Items.Add(OrderItem.From(Ids.New("oit", time), order.OrderId, line, profile?.InstagramHandle));
        db.Orders.Add(order);
        if (profile is not null)
        {
            profile.OrdersCount++;
            profile.UpdatedAt = now;
            profile.Version++;
        }

        journal.OrderStep(order, "created", null, source == "manual" ? "Created by an admin" : null, ShopEvents.OrderCreated, null, profile,
            new { source, items = order.Items.Count, subtotal = order.Subtotal, tax = order.Tax });
        return order;
    }

    /// <summary>
    /// The next order number of the year: a conditional increment of the year's counter (the row lock orders concurrent
    /// checkouts on PostgreSQL; SQLite has one writer). The year's first order inserts the row; if another checkout
    /// inserted it at the same moment, the insert's savepoint is undone and the increment retried.
    /// </summary>
    private async Task<int> NextNumberAsync(int year, CancellationToken ct)
    {
        if (await db.OrderNumbers.Where(x => x.Year == year).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastNumber, x => x.LastNumber + 1), ct).ConfigureAwait(false) == 0)
        {
            var counter = new OrderNumberCounter { Year = year, LastNumber = 0 };
            try
            {
                await transactions.RunAsync<bool>(db, async c =>
                {
                    db.OrderNumbers.Add(counter);
                    await db.SaveChangesAsync(c).ConfigureAwait(false);
                    return true;
                }, ct).ConfigureAwait(false);
            }
            catch (DbUpdateException)
            {
                // Another checkout made the year's counter first.
            }

            db.Entry(counter).State = EntityState.Detached;
            await db.OrderNumbers.Where(x => x.Year == year).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastNumber, x => x.LastNumber + 1), ct).ConfigureAwait(false);
        }

        return await db.OrderNumbers.Where(x => x.Year == year).Select(x => x.LastNumber).SingleAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Moves an order (an admin's action, or <c>pay</c> from a captured payment) if the table allows it; otherwise 409 and nothing changes.</summary>
    public async Task<Result<OrderResponse>> TransitionAsync(string orderNumber, TransitionRequest request, CancellationToken ct)
    {
        var v = new Validator()
            .Require(request.Action is not null && Enum.TryParse<OrderAction>(request.Action, ignoreCase: true, out var a) && a != OrderAction.Pay && !int.TryParse(request.Action, out _),
                "action", "Choose what to do: activate, complete, hold, resume or cancel.")
            .Text(request.Reason, "reason", 500, required: false);
        if (!v.IsValid) return v.ToError();
        if (!PlainIds.IsPlain(orderNumber)) return Order.NotFound;
        var action = Enum.Parse<OrderAction>(request.Action!, ignoreCase: true);
        if (action is OrderAction.Hold or OrderAction.Cancel && string.IsNullOrWhiteSpace(request.Reason))
        {
            return Error.Validation(new Dictionary<string, string[]> { ["reason"] = [action == OrderAction.Hold ? "Say why the order is put on hold." : "Say why the order is canceled."] });
        }

        var moved = await transactions.RunAsync<bool>(db, async c =>
        {
            var order = await db.Orders.ForUpdate().SingleOrDefaultAsync(o => o.OrderNumber == orderNumber, c).ConfigureAwait(false);
            if (order is null) return Order.NotFound;
            var profile = await db.Profiles.AsNoTracking().SingleOrDefaultAsync(p => p.UserEcosystemId == order.UserEcosystemId, c).ConfigureAwait(false);
            var applied = Apply(order, action, string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim(), profile);
            if (!applied.IsSuccess) return applied.Error!;
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return true;
        }, ct).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        return moved.IsSuccess ? await GetAsync(orderNumber, null, ct).ConfigureAwait(false) : moved.Error!;
    }

    /// <summary>Applies one transition to a locked order with its timeline entry, audit row and event; the caller saves.</summary>
    public Result<bool> Apply(Order order, OrderAction action, string? reason, Profiles.CustomerProfile? profile, object? detail = null)
    {
        var before = order.Snapshot();
        if (order.Apply(action, time.UtcNowStored()) is not { } from)
        {
            return Error.Conflict("ORDER_TRANSITION_NOT_ALLOWED",
                $"Order {order.OrderNumber} is {OrderTransitions.Label(order.Status).ToLowerInvariant()}; it cannot be {OrderTransitions.EventVerb(action)} now.");
        }

        var eventName = action switch
        {
            OrderAction.Pay => ShopEvents.OrderPaid,
            OrderAction.Activate => ShopEvents.OrderActivated,
            OrderAction.Complete => ShopEvents.OrderCompleted,
            OrderAction.Hold => ShopEvents.OrderHeld,
            OrderAction.Resume => ShopEvents.OrderResumed,
            _ => ShopEvents.OrderCanceled,
        };
        journal.OrderStep(order, OrderTransitions.EventVerb(action), from, reason, eventName, before, profile, detail);
        return true;
    }

    public async Task<Result<Page<OrderSummary>>> ListAsync(string? userEcosystemId, string? status, string? source, string? q, int? limit, string? cursor, CancellationToken ct)
    {
        var paging = Paging.Parse(limit, cursor);
        if (!paging.IsSuccess) return paging.Error!;
        OrderStatus? wanted = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (status is not ("pending" or "processing" or "active" or "completed" or "on_hold" or "canceled"))
            {
                return Error.Validation(new Dictionary<string, string[]> { ["status"] = ["Filter by pending, processing, active, completed, on_hold or canceled."] });
            }

            wanted = Order.Parse(status);
        }

        var (take, after) = paging.Value;
        var query = db.Orders.AsNoTracking().Include(o => o.Items).AsQueryable();
        if (userEcosystemId is not null) query = query.Where(o => o.UserEcosystemId == userEcosystemId);
        if (wanted is { } w) query = query.Where(o => o.Status == w);
        if (source is "checkout" or "manual") query = query.Where(o => o.Source == source);
        if (userEcosystemId is not null && !PlainIds.IsPlain(userEcosystemId)) return new Page<OrderSummary>([], null);
        if (!string.IsNullOrWhiteSpace(q))
        {
            if (!PlainIds.IsPlain(q.Trim())) return new Page<OrderSummary>([], null);
            query = query.Where(o => o.OrderNumber.Contains(q.Trim().ToUpperInvariant()));
        }
        if (after is not null) query = query.Where(o => string.Compare(o.OrderId, after) < 0);
        var rows = await query.OrderByDescending(o => o.OrderId).Take(take + 1).ToListAsync(ct).ConfigureAwait(false);
        return Paging.ToPage(rows, take, o => o.OrderId, o => new OrderSummary(o.OrderNumber, o.UserEcosystemId, OrderTransitions.Word(o.Status), OrderTransitions.Label(o.Status),
            o.Source, o.Total, o.Currency, o.AmountPaid, o.Items.Sum(i => i.Quantity), o.CreatedAt));
    }

    /// <summary>One order with its items, timeline and payments; with <paramref name="ownerId"/>, only if it is theirs (otherwise 404).</summary>
    public async Task<Result<OrderResponse>> GetAsync(string orderNumber, string? ownerId, CancellationToken ct)
    {
        if (!PlainIds.IsPlain(orderNumber)) return Order.NotFound;
        var order = await db.Orders.AsNoTracking().Include(o => o.Items).SingleOrDefaultAsync(o => o.OrderNumber == orderNumber, ct).ConfigureAwait(false);
        if (order is null || (ownerId is not null && order.UserEcosystemId != ownerId)) return Order.NotFound;
        var events = await db.OrderEvents.AsNoTracking().Where(e => e.OrderId == order.OrderId).OrderBy(e => e.EventId).ToListAsync(ct).ConfigureAwait(false);
        var payments = await db.Payments.AsNoTracking().Where(p => p.OrderId == order.OrderId).OrderBy(p => p.PaymentId).ToListAsync(ct).ConfigureAwait(false);
        return ToResponse(order, events, payments);
    }

    internal static OrderResponse ToResponse(Order o, IReadOnlyList<OrderEvent> events, IReadOnlyList<ShopPayment> payments) => new(
        o.OrderNumber, o.UserEcosystemId, OrderTransitions.Word(o.Status), OrderTransitions.Label(o.Status), o.Source, o.Subtotal, o.Tax, o.Total, o.Currency,
        o.AmountPaid, o.AmountRefunded, o.CreatedAt, o.PaidAt, o.Note,
        [.. o.Items.OrderBy(i => i.ItemId).Select(i => new OrderItemResponse(i.ItemId, i.Title, i.Quantity, i.Net, i.Tax, i.Total, i.InstagramHandle, i.Snapshot))],
        JsonSerializer.Deserialize<BillingDetails>(o.BillingJson, Json.Options)!,
        [.. events.Select(e => new OrderEventResponse(e.Action, e.FromStatus, e.ToStatus, e.ActorId, e.Reason, e.CreatedAt))],
        [.. payments.Select(p => new PaymentSummary(p.PaymentId, p.Provider, p.Amount, p.Currency, p.Status, p.FailureCode, p.FailureMessage, p.Refunded,
            p.CardLast4 is null ? null : $"{p.CardBrand} •••• {p.CardLast4}", p.CreatedAt))],
        [.. OrderTransitions.AdminActions(o.Status).Select(a => a.ToString().ToLowerInvariant())]);
}
