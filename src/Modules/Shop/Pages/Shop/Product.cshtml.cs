using Ecosystem.Platform;
using Ecosystem.Shop.Cart;
using Ecosystem.Shop.Catalog;
using Ecosystem.Shop.Pricing;
using Ecosystem.Shop.Profiles;
using Ecosystem.Shop.Subscriptions;
using Microsoft.AspNetCore.Mvc;

namespace Ecosystem.Shop.Pages.Shop;

internal sealed class ProductModel(CatalogService catalog, PricingService pricing, SubscriptionService subscriptions, ProfileService profiles, CartService carts, OperationContext op, TimeProvider time)
    : ShopPageBase(carts, op)
{
    public ProductResponse Product { get; private set; } = null!;
    public Configurator? Configurator { get; private set; }
    public IReadOnlyDictionary<string, string[]> CardErrors { get; private set; } = new Dictionary<string, string[]>();
    public string? SubscribeProblem { get; private set; }
    public int ThisYear => time.GetUtcNow().Year;

    /// <summary>A subscriber needs invoice details and the terms first; without them the subscribe form asks for them too.</summary>
    public bool NeedsDetails { get; private set; }
    public bool NeedsTerms { get; private set; }
    public CheckoutForm Details { get; private set; } = new() { Country = "DE" };
    public int? ExpMonth { get; private set; }
    public int? ExpYear { get; private set; }

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        if (!await LoadAsync(slug, ct)) return NotFound();
        await ConfigureAsync(Selection.Default(Product), null, ct);
        await CartAsync(ct);
        await ProfileNeedsAsync(ct);
        return Page();
    }

    /// <summary>Add to cart: a plain form post, so it works without JavaScript; the server prices the choice again.</summary>
    public async Task<IActionResult> OnPostAddAsync(string slug, CancellationToken ct)
    {
        if (!await LoadAsync(slug, ct)) return NotFound();
        var selection = Selection.FromForm(Product, Request.Form);
        var owner = await OwnerAsync(ct);
        var fresh = !owner.SignedIn && await Carts.FindAsync(owner, tracked: false, ct) is null;
        if (fresh) owner = owner with { Token = CartService.NewToken() };
        var result = await Carts.AddAsync(owner, new CartItemRequest(Product.Slug, selection.VariantId, selection.OptionIds, selection.Quantity), ct);
        if (result.IsSuccess)
        {
            if (fresh) CartCookie.Issue(HttpContext, owner.Token!);
            return Done("/shop/cart", $"{Product.Title} is in your cart.");
        }

        Response.StatusCode = result.Error!.Status is >= 400 and < 500 ? result.Error.Status : 422;
        await ConfigureAsync(selection, Problem(result.Error!), ct);
        await CartAsync(ct);
        return Page();
    }

    /// <summary>Subscribe to a plan (signed-in people only): the card is charged after the trial.</summary>
    public async Task<IActionResult> OnPostSubscribeAsync(string slug, string? planId, string? cardNumber, int? expMonth, int? expYear, string? cvc, CancellationToken ct)
    {
        if (!Op.IsAuthenticated) return Redirect("/login?returnUrl=" + Uri.EscapeDataString("/shop/" + slug));
        if (!await LoadAsync(slug, ct)) return NotFound();
        (ExpMonth, ExpYear) = (expMonth, expYear);
        await ProfileNeedsAsync(ct);
        if (NeedsDetails || NeedsTerms)
        {
            var f = Request.Form;
            Details = new CheckoutForm
            {
                FullName = f["fullName"], AddressLine1 = f["addressLine1"], PostalCode = f["postalCode"], City = f["city"], Country = f["country"], AcceptTerms = f["acceptTerms"] == "true",
            };
            var saved = await profiles.SaveAsync(Op.ActorId, new ProfileRequest(
                NeedsDetails ? Details.FullName ?? "" : null, null, null, NeedsDetails ? Details.AddressLine1 ?? "" : null, null, NeedsDetails ? Details.PostalCode ?? "" : null,
                NeedsDetails ? Details.City ?? "" : null, NeedsDetails ? Details.Country ?? "" : null, null, null, new ConsentRequest(Details.AcceptTerms ? true : null, null, null)), ct);
            if (!saved.IsSuccess)
            {
                Response.StatusCode = 422;
                CardErrors = saved.Error!.Fields ?? new Dictionary<string, string[]>();
                if (saved.Error.Fields is null) SubscribeProblem = saved.Error.Message;
                await CartAsync(ct);
                return Page();
            }

            await ProfileNeedsAsync(ct);
        }

        var result = await subscriptions.StartAsync(Op.ActorId, new StartSubscriptionRequest(planId, cardNumber, expMonth, expYear, cvc, null), ct);
        if (result.IsSuccess)
        {
            var s = result.Value!;
            return s.Status is "trialing" or "active"
                ? Done("/app/orders", s.Status == "trialing" && s.TrialEnd is { } end
                    ? $"Your {s.PlanName} has started: free until {ShopFormat.Date(end)}, then {ShopFormat.Money(s.Amount, s.Currency)} {ShopFormat.Interval(s.Interval)}."
                    : $"Your {s.PlanName} is active.")
                : Done("/shop/" + slug, s.FailureMessage ?? "The card was declined. Try another card.", ok: false);
        }

        Response.StatusCode = 422;
        CardErrors = result.Error!.Fields ?? new Dictionary<string, string[]>();
        if (result.Error.Fields is null) SubscribeProblem = result.Error.Message;
        if (result.Error.Code == "CONSENT_REQUIRED") CardErrors = new Dictionary<string, string[]> { ["terms"] = [result.Error.Message] };
        await CartAsync(ct);
        return Page();
    }

    private async Task ProfileNeedsAsync(CancellationToken ct)
    {
        if (!Op.IsAuthenticated || !Product.Plans.Any(p => p.Active)) return;
        var profile = await profiles.GetAsync(Op.ActorId, ct);
        NeedsDetails = !profile.IsSuccess || !profile.Value!.CompleteForInvoice;
        NeedsTerms = !profile.IsSuccess || !profile.Value!.Consents.Terms.Given;
        if (!profile.IsSuccess && Details.FullName is null) Details.FullName = User.FindFirst(Ecosystem.Platform.Security.EcosystemClaims.DisplayName)?.Value;
    }

    private async Task<bool> LoadAsync(string slug, CancellationToken ct)
    {
        if (slug.Length > 80) return false;
        var found = await catalog.GetAsync(slug, false, ct);
        if (!found.IsSuccess || !found.Value!.Active) return false;
        Product = found.Value;
        return true;
    }

    private async Task ConfigureAsync(Selection selection, string? problem, CancellationToken ct)
    {
        if (Product.Plans.Any(p => p.Active)) return;
        PriceQuote? quote = null;
        var priced = await pricing.QuoteAsync(selection.ToPriceRequest(Product.Slug), ct);
        if (priced.IsSuccess) quote = priced.Value;
        else problem ??= Problem(priced.Error!);
        Configurator = new Configurator(Product, selection, quote, problem);
    }

    private static string Problem(Error e) => e.Fields is { Count: > 0 } f && e.Code != "OPTION_CONSTRAINT" ? string.Join(" ", f.Values.SelectMany(v => v)) : e.Message;
}
