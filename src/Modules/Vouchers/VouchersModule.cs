using Ecosystem.Platform;
using Ecosystem.Platform.Security;
using Ecosystem.Vouchers.Contracts;
using Ecosystem.Vouchers.Data;
using Ecosystem.Vouchers.Hosting;
using Ecosystem.Vouchers.Redemptions;
using Ecosystem.Vouchers.Stations;
using Ecosystem.Vouchers.Vouchers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Vouchers;

/// <summary>
/// Stations and fuel vouchers (seed 003, issue 20): stations and their operators, vouchers with a 5-character code that
/// move along one transition table, redemption at the operator's station posted to the wallet's ledger in the same
/// commit, and the station app. Decisions in ADR 0027.
/// </summary>
public static class VouchersModule
{
    public static IServiceCollection AddVouchersModule(this IServiceCollection services, IConfiguration configuration)
    {
        var voucher = EventCatalogRegistration.Props(("voucherId", PropertyType.String), ("amount", PropertyType.Integer), ("currency", PropertyType.String), ("status", PropertyType.String), (VoucherEvents.StateProperty, PropertyType.Object));
        services.AddModule("vouchers", typeof(VouchersModule))
            .DbContext<VouchersDbContext>()
            .Capability(VoucherPolicies.Stations, "Create stations and bind station operators to them.", Roles.Admin, Roles.SuperAdmin)
            .Capability(VoucherPolicies.Issue, "Issue fuel vouchers (one or in bulk) and send them to their holders.", Roles.Admin, Roles.SuperAdmin, Roles.Support, Roles.DataOps)
            .Capability(VoucherPolicies.Void, "Void fuel vouchers that were not redeemed.", Roles.Admin, Roles.SuperAdmin, Roles.Support)
            .Capability(VoucherPolicies.Read, "See stations, vouchers, their history and the voucher metrics.", Roles.Admin, Roles.SuperAdmin, Roles.Support, Roles.DataOps, Roles.ReadOnly)
            .Capability(VoucherPolicies.Redeem, "Station app: look up and redeem vouchers at one's own stations.", Roles.StationOperator)
            .Endpoints(api =>
            {
                var signedIn = api.MapGroup("").WithTags("Stations").RequireAuthorization(Policies.SignedIn);
                var manage = api.MapGroup("").WithTags("Stations").RequireAuthorization(VoucherPolicies.Stations);
                var readStations = api.MapGroup("").WithTags("Stations").RequireAuthorization(VoucherPolicies.Read);
                var station = api.MapGroup("/station").WithTags("Station app").RequireAuthorization(VoucherPolicies.Redeem);
                StationEndpoints.Map(signedIn, manage, readStations, station);
                var issue = api.MapGroup("/vouchers").WithTags("Vouchers").RequireAuthorization(VoucherPolicies.Issue);
                var voids = api.MapGroup("/vouchers").WithTags("Vouchers").RequireAuthorization(VoucherPolicies.Void);
                var read = api.MapGroup("/vouchers").WithTags("Vouchers").RequireAuthorization(VoucherPolicies.Read);
                VoucherEndpoints.Map(issue, voids, read);
                RedemptionEndpoints.Map(station);
            })
            .Events(
                new(VoucherEvents.StationCreated, "A station was created.", EventCatalogRegistration.Props(("stationId", PropertyType.String), ("name", PropertyType.String), ("engencode", PropertyType.String))),
                new(VoucherEvents.OperatorBound, "A person was bound to a station as its operator.", EventCatalogRegistration.Props(("stationId", PropertyType.String), ("userEcosystemId", PropertyType.String))),
                new(VoucherEvents.Issued, "A fuel voucher was issued to its holder.", voucher, VoucherEvents.Product, 3),
                new(VoucherEvents.Sent, "A voucher was sent to its holder.", voucher, VoucherEvents.Product, 1),
                new(VoucherEvents.Redeemed, "A voucher was redeemed at a station; the station was paid on the ledger.", voucher, VoucherEvents.Product, 5),
                new(VoucherEvents.Expired, "A voucher passed its expiry unredeemed.", voucher, VoucherEvents.Product, 1),
                new(VoucherEvents.Voided, "A voucher was voided.", voucher, VoucherEvents.Product, 1),
                new(VoucherEvents.PolicyBlocked, "A redemption was refused by policy (another station's voucher, expired, void, not sent).", voucher, VoucherEvents.Product, 1))
            .Customer360(VouchersCustomer360.Fold)
            .DemoData<VouchersDemoSeeder>();
        services.AddScoped<VoucherJournal>();
        services.AddScoped<StationService>();
        services.AddScoped<VoucherAssets>();
        services.AddScoped<VoucherService>();
        services.AddScoped<RedemptionService>();
        services.AddScoped<Metrics.MetricsService>();
        services.AddSingleton<GuessThrottle>();
        services.AddHostedService<VoucherExpiryWorker>();
        return services;
    }
}
