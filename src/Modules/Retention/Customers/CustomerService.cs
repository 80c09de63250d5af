using System.Globalization;
using Ecosystem.Identity.Contracts;
using Ecosystem.Platform;
using Ecosystem.Platform.Audit;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Http;
using Ecosystem.Retention.AtRisk;
using Ecosystem.Retention.Data;
using Ecosystem.Retention.PaymentFailures;
using Ecosystem.Retention.Sessions;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Retention.Customers;

/// <summary>The retention team's customers: create one (with the card on file), list them (most money at stake first), open one.</summary>
internal sealed class CustomerService(RetentionDbContext db, Transactions transactions, OperationContext op, TimeProvider time, IUserDirectory users)
{
    public static readonly Error CustomerNotFound = Error.NotFound("CUSTOMER_NOT_FOUND", "There is no retention customer with this id.");

    public static readonly string[] KnownCardTypes = ["visa", "mastercard", "amex", "discover"];

    public async Task<Result<CustomerDetailResponse>> CreateCustomerAsync(CreateCustomerRequest r, CancellationToken ct)
    {
        var now = time.UtcNowStored();
        var v = new Validator()
            .Text(r.Name, "name", 200)
            .Text(r.Email, "email", 254)
            .Text(r.Phone, "phone", 32, required: false)
            .Text(r.Plan, "plan", 100)
            .Amount(r.AccountValue, "accountValue", r.Currency ?? "USD", long.MaxValue, "monthly account value")
            .Require(r.Currency is null || Money.IsKnownCurrency(r.Currency), "currency", "The currency must be a known three-letter code, like USD.")
            .Require(r.CustomerSince is null || r.CustomerSince <= now, "customerSince", "The customer-since date can't be in the future.")
            .Require(r.LastPaymentDate is null || r.LastPaymentDate <= now, "lastPaymentDate", "The last payment date can't be in the future.")
            .Require(r.PaymentMethod is not null, "paymentMethod", "The card on file is required.");
        if (r.Email is { Length: > 0 and <= 254 } email && !IsEmail(email)) v.Add("email", "Enter a valid e-mail address, like name@example.com.");
        if (r.Phone is { Length: > 0 } phone && !System.Text.RegularExpressions.Regex.IsMatch(phone, @"^\+?[0-9 ()-]{6,31}$")) v.Add("phone", "The phone number may hold digits, spaces, dashes and parentheses, and may start with +.");
        if (r.PaymentMethod is { } pm) ValidateCard(v, pm, now);
        if (!v.IsValid) return v.ToError();

        string userEcosystemId;
        if (!string.IsNullOrWhiteSpace(r.Username))
        {
            var user = await users.FindByUsernameAsync(r.Username.Trim(), ct).ConfigureAwait(false);
            if (user is null) return Error.Unprocessable("USER_NOT_FOUND", "There is no user with this username to link the customer to.");
            userEcosystemId = user.UserEcosystemId;
        }
        else
        {
            userEcosystemId = StableUserId(r.Email!);
        }

        return await transactions.RunAsync<CustomerDetailResponse>(db, async c =>
        {
            if (await db.Customers.AnyAsync(x => x.UserEcosystemId == userEcosystemId, c).ConfigureAwait(false))
            {
                return Error.Conflict("CUSTOMER_EXISTS", "This person is already a retention customer.");
            }

            var customer = Customer.Create(Ids.New("cus", time), userEcosystemId, r.Name!.Trim(), r.Email!.Trim(), string.IsNullOrWhiteSpace(r.Phone) ? null : r.Phone.Trim(),
                r.Plan!.Trim(), new Money(r.AccountValue!.Value, r.Currency ?? "USD"), r.CustomerSince ?? now, r.LastPaymentDate, now);
            var card = r.PaymentMethod!;
            var method = new PaymentMethod
            {
                PaymentMethodId = Ids.New("pm", time),
                CustomerId = customer.CustomerId,
                CardType = card.CardType!.Trim().ToLowerInvariant(),
                LastFourDigits = card.LastFourDigits!,
                ExpiryMonth = card.ExpiryMonth!.Value,
                ExpiryYear = card.ExpiryYear!.Value,
                FailureCount = card.FailureCount ?? 0,
                LastFailureDate = card.LastFailureDate,
                LastSuccessDate = r.LastPaymentDate,
                IsDefault = true,
                Gateway = "imported",
                CreatedAt = now,
            };
            method.Status = method.FailureCount > 0 ? PaymentMethodStatus.Failed : method.ExpiresAt <= now ? PaymentMethodStatus.Expired : PaymentMethodStatus.Active;
            db.Customers.Add(customer);
            db.PaymentMethods.Add(method);
            db.AuditLog.Add(AuditEntry.Create(op, time, "retention.customer.created", "retention-customer", customer.CustomerId, null,
                new { customer.Name, customer.Plan, customer.AccountValue, customer.Currency, card = new { method.CardType, method.LastFourDigits, method.ExpiryMonth, method.ExpiryYear, method.FailureCount } }));
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return new CustomerDetailResponse(ToResponse(customer), [ToResponse(method)], [], []);
        }, ct).ConfigureAwait(false);
    }

    /// <summary>A person without an Identity account still gets a stable userEcosystemId (derived from the email).</summary>
    internal static string StableUserId(string email) =>
        "usr_" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("retention:" + email.Trim().ToLowerInvariant())))[..32];

    private static bool IsEmail(string email) =>
        System.Text.RegularExpressions.Regex.IsMatch(email.Trim(), @"^[^@\s]+@[^@\s]+\.[^@\s]+$") && System.Net.Mail.MailAddress.TryCreate(email.Trim(), out _);

    private void ValidateCard(Validator v, PaymentMethodInput pm, DateTimeOffset now)
    {
        v.Require(pm.CardType is not null && KnownCardTypes.Contains(pm.CardType.Trim().ToLowerInvariant()), "paymentMethod.cardType", "The card type must be Visa, Mastercard, Amex or Discover.")
            .Require(pm.LastFourDigits is { Length: 4 } l && l.All(char.IsAsciiDigit), "paymentMethod.lastFourDigits", "The card's last four digits must be exactly 4 digits.")
            .Require(pm.ExpiryMonth is >= 1 and <= 12, "paymentMethod.expiryMonth", "The card's expiry month must be from 1 to 12.")
            .Require(pm.ExpiryYear is { } y && y >= now.Year - 5 && y <= now.Year + 20, "paymentMethod.expiryYear", "The card's expiry year must be a four-digit year near today, like " + now.Year.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".")
            .Require(pm.FailureCount is null or >= 0 and <= 100, "paymentMethod.failureCount", "The number of failed charges must be from 0 to 100.")
            .Require(pm.LastFailureDate is null || pm.LastFailureDate <= now, "paymentMethod.lastFailureDate", "The last failure date can't be in the future.");
    }

    public async Task<Result<Page<CustomerResponse>>> ListCustomersAsync(string? status, string? riskCategory, string? riskSeverity, int? limit, string? cursor, CancellationToken ct)
    {
        var paging = Paging.Parse(limit, cursor);
        if (!paging.IsSuccess) return paging.Error!;
        var (take, after) = paging.Value;
        var v = new Validator();
        AccountStatus s = default;
        RiskCategory cat = default;
        RiskSeverity sev = default;
        if (!string.IsNullOrEmpty(status) && !Kebab.TryParse(status, out s)) v.Add("status", "The status must be active, at-risk, resolved or churned.");
        if (!string.IsNullOrEmpty(riskCategory) && !Kebab.TryParse(riskCategory, out cat)) v.Add("riskCategory", "The risk category must be expiring-card or failed-payment.");
        if (!string.IsNullOrEmpty(riskSeverity) && !Kebab.TryParse(riskSeverity, out sev)) v.Add("riskSeverity", "The risk severity must be low, medium or high.");
        (long Value, string Id)? keyset = null;
        if (after is not null)
        {
            var parsed = Paging.ParseKeyset(after);
            if (!parsed.IsSuccess) return parsed.Error!;
            keyset = parsed.Value;
        }

        if (!v.IsValid) return v.ToError();
        var query = db.Customers.AsNoTracking();
        if (!string.IsNullOrEmpty(status)) query = query.Where(x => x.AccountStatus == s);
        if (!string.IsNullOrEmpty(riskCategory)) query = query.Where(x => x.RiskCategory == cat);
        if (!string.IsNullOrEmpty(riskSeverity)) query = query.Where(x => x.RiskSeverity == sev);
        if (keyset is { } k) query = query.Where(x => x.AccountValue < k.Value || (x.AccountValue == k.Value && string.Compare(x.CustomerId, k.Id) > 0));
        // Most money at stake first.
        var rows = await query.OrderByDescending(x => x.AccountValue).ThenBy(x => x.CustomerId).Take(take + 1).ToListAsync(ct).ConfigureAwait(false);
        return Paging.ToPage(rows, take, x => x.AccountValue.ToString(CultureInfo.InvariantCulture) + "|" + x.CustomerId, ToResponse);
    }

    public async Task<Result<CustomerDetailResponse>> GetCustomerAsync(string customerId, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(x => x.CustomerId == customerId, ct).ConfigureAwait(false);
        if (customer is null) return CustomerNotFound;
        var methods = await db.PaymentMethods.AsNoTracking().Where(p => p.CustomerId == customerId).OrderByDescending(p => p.PaymentMethodId).ToListAsync(ct).ConfigureAwait(false);
        var sessions = await db.Sessions.AsNoTracking().Where(x => x.CustomerId == customerId).OrderByDescending(x => x.SessionId).Take(50).ToListAsync(ct).ConfigureAwait(false);
        var failures = await db.PaymentFailures.AsNoTracking().Where(x => x.CustomerId == customerId).OrderByDescending(x => x.PaymentFailureId).Take(50).ToListAsync(ct).ConfigureAwait(false);
        var byId = methods.ToDictionary(m => m.PaymentMethodId, StringComparer.Ordinal);
        return new CustomerDetailResponse(ToResponse(customer), methods.Select(ToResponse).ToList(), sessions.Select(SessionViewService.ToSummary).ToList(),
            failures.Select(f => PaymentFailureService.ToResponse(f, customer, byId.GetValueOrDefault(f.PaymentMethodId))).ToList());
    }

    internal static CustomerResponse ToResponse(Customer c) => new(
        c.CustomerId, c.UserEcosystemId, c.Name, c.Email, c.Phone, c.Plan, Kebab.Of(c.AccountStatus), Kebab.Of(c.RiskCategory), Kebab.Of(c.RiskSeverity),
        c.RiskDetectedAt, c.LastPaymentDate, c.AccountValue, c.Currency, c.CustomerSince);

    internal static PaymentMethodResponse ToResponse(PaymentMethod p) => new(
        p.PaymentMethodId, p.CardType, p.LastFourDigits, p.ExpiryMonth, p.ExpiryYear, Kebab.Of(p.Status), p.FailureCount, p.LastFailureDate, p.LastSuccessDate, p.IsDefault, p.Gateway, p.CreatedAt);
}
