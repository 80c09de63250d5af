using Ecosystem.Platform;
using Ecosystem.Shop.Cart;
using Ecosystem.Shop.Orders;
using Ecosystem.Shop.Profiles;
using Microsoft.AspNetCore.Mvc;

namespace Ecosystem.Shop.Pages.Shop;

/// <summary>The form a person fills in to check out; posted values come back as they were typed when something is wrong.</summary>
public sealed class CheckoutForm
{
    public string? FullName { get; set; }
    public string? Company { get; set; }
    public string? VatId { get; set; }
    public string? AddressLine1 { get; set; }
    public string? AddressLine2 { get; set; }
    public string? PostalCode { get; set; }
    public string? City { get; set; }
    public string? Country { get; set; }
    public string? InstagramHandle { get; set; }
    public bool AcceptTerms { get; set; }
    public bool Marketing { get; set; }
    public bool Insights { get; set; }
    public long? ExpectedTotal { get; set; }
    public string? Note { get; set; }
}

internal sealed class CheckoutModel(OrderService orders, ProfileService profiles, CartService carts, OperationContext op) : ShopPageBase(carts, op)
{
    [BindProperty]
    public CheckoutForm Form { get; set; } = new();

    public CartResponse Cart { get; private set; } = null!;
    public bool TermsGiven { get; private set; }
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public string? Problem { get; private set; }

    public string? E(string key) => Errors.TryGetValue(key, out var m) ? string.Join(" ", m) : null;

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var profile = await profiles.GetAsync(Op.ActorId, ct);
        if (profile.IsSuccess)
        {
            var p = profile.Value!;
            Form = new CheckoutForm
            {
                FullName = p.FullName, Company = p.Company, VatId = p.VatId, AddressLine1 = p.AddressLine1, AddressLine2 = p.AddressLine2, PostalCode = p.PostalCode,
                City = p.City, Country = p.Country, InstagramHandle = p.InstagramHandle, AcceptTerms = p.Consents.Terms.Given, Marketing = p.Consents.Marketing.Given,
                Insights = p.Consents.Insights.Given,
            };
        }
        else
        {
            Form = new CheckoutForm { FullName = User.FindFirst(Ecosystem.Platform.Security.EcosystemClaims.DisplayName)?.Value, Country = "DE" };
        }

        Form.ExpectedTotal = Cart.Total;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var f = Form;
        var profile = new ProfileRequest(f.FullName, f.Company ?? "", f.VatId ?? "", f.AddressLine1, f.AddressLine2 ?? "", f.PostalCode, f.City, f.Country, null, f.InstagramHandle ?? "",
            new ConsentRequest(f.AcceptTerms ? true : null, f.Marketing, f.Insights));
        var token = CartCookie.Read(HttpContext);
        var result = await orders.CheckoutAsync(new CartOwner(Op.ActorId, token), new CheckoutRequest(profile, f.AcceptTerms, f.Marketing, f.ExpectedTotal, string.IsNullOrWhiteSpace(f.Note) ? null : f.Note), ct);
        if (token is not null) CartCookie.Clear(HttpContext);
        if (result.IsSuccess)
        {
            var o = result.Value!;
            return Done("/app/orders/" + o.OrderNumber, $"Thank you! Order {o.OrderNumber} is placed. Pay {ShopFormat.Money(o.Total, o.Currency)} below to start it.");
        }

        var e = result.Error!;
        Errors = e.Fields ?? new Dictionary<string, string[]>();
        Problem = e.Code == "CONSENT_REQUIRED" ? null : e.Fields is { Count: > 0 } ? "Check the fields marked below." : e.Message;
        if (e.Code == "CONSENT_REQUIRED") Errors = new Dictionary<string, string[]> { ["terms"] = [e.Message] };
        Response.StatusCode = e.Status;
        await LoadAsync(ct);
        if (e.Code == "PRICE_CHANGED") Form.ExpectedTotal = Cart.Total;
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Cart = await CartAsync(ct);
        var profile = await profiles.GetAsync(Op.ActorId, ct);
        TermsGiven = profile.IsSuccess && profile.Value!.Consents.Terms.Given;
    }
}
