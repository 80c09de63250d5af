using Ecosystem.Platform;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Analytics.Customers;

/// <summary>A person's Customer 360 (the person themself or an analytics reader) and the list of everyone's.</summary>
internal static class Customer360Endpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var customers = api.MapGroup("/customers").WithTags("Analytics: Customer 360");
        customers.MapGet("/{userEcosystemId}/360", Get).RequireAuthorization(Policies.CustomerRead).WithName("GetCustomer360");
        // Besides these, each product status filter a module declares is a query parameter (creditCardStatus, …).
        customers.MapGet("/", List).RequireAuthorization(AnalyticsPolicies.Read).WithName("ListCustomers360");
    }

    private static async Task<Results<Ok<Customer360>, ProblemHttpResult>> Get(string userEcosystemId, HttpContext http, OperationContext op, Capabilities capabilities, Customer360Queries queries, CancellationToken ct)
    {
        var allowed = op.ActorId == userEcosystemId || capabilities.Allows(AnalyticsPolicies.Read, http.User.Roles());
        var view = allowed ? await queries.GetAsync(userEcosystemId, ct).ConfigureAwait(false) : null;
        return view is null ? Problems.For(Error.NotFound("CUSTOMER_NOT_FOUND", "No Customer 360 for this person.")) : TypedResults.Ok(view);
    }

    private static async Task<Results<Ok<Page<Customer360>>, ProblemHttpResult>> List(
        string? product, int? minScore, string? sort, int? limit, string? cursor, HttpRequest request, Customer360Layout layout, Customer360Queries queries, CancellationToken ct) =>
        (await queries.ListAsync(product, layout.FilterValues(request.Query), minScore, sort, limit, cursor, ct).ConfigureAwait(false)).ToOk();
}
