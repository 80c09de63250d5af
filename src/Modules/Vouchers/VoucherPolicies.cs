namespace Ecosystem.Vouchers;

/// <summary>The module's capabilities; the roles that hold each are declared in <see cref="VouchersModule"/> (matrix in ADR 0027).</summary>
public static class VoucherPolicies
{
    /// <summary>Create and edit stations, bind operators to them.</summary>
    public const string Stations = "stations:manage";

    /// <summary>Issue vouchers (one or in bulk) and send them.</summary>
    public const string Issue = "vouchers:issue";

    /// <summary>Void vouchers.</summary>
    public const string Void = "vouchers:void";

    /// <summary>Read stations, vouchers, their events and the metrics.</summary>
    public const string Read = "vouchers:read";

    /// <summary>The station app: look up and redeem vouchers at the operator's own stations.</summary>
    public const string Redeem = "station:redeem";
}
