using Ecosystem.Platform.Http;
using Ecosystem.Platform.Idempotency;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Retention.Customers;

internal static class CustomerEndpoints
{
    public static RouteGroupBuilder MapCustomersApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/customers", ListRetentionCustomers).WithName("ListRetentionCustomers");
        admin.MapPost("/customers", CreateRetentionCustomer).WithIdempotency().WithName("CreateRetentionCustomer");
        admin.MapGet("/customers/{customerId}", GetRetentionCustomer).WithName("GetRetentionCustomer");
        return admin;
    }

    private static async Task<Results<Ok<Page<CustomerResponse>>, ProblemHttpResult>> ListRetentionCustomers(string? status, string? riskCategory, string? riskSeverity, int? limit, string? cursor, CustomerService customers, CancellationToken ct) =>
        (await customers.ListCustomersAsync(status, riskCategory, riskSeverity, limit, cursor, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Created<CustomerDetailResponse>, ProblemHttpResult>> CreateRetentionCustomer(CreateCustomerRequest request, CustomerService customers, CancellationToken ct)
    {
        var result = await customers.CreateCustomerAsync(request, ct).ConfigureAwait(false);
        return result.IsSuccess ? TypedResults.Created($"/api/retention/customers/{result.Value!.Customer.CustomerId}", result.Value) : Problems.For(result.Error!);
    }

    private static async Task<Results<Ok<CustomerDetailResponse>, ProblemHttpResult>> GetRetentionCustomer(string customerId, CustomerService customers, CancellationToken ct) =>
        (await customers.GetCustomerAsync(customerId, ct).ConfigureAwait(false)).ToOk();
}
