namespace Ecosystem.Vouchers.Stations;

/// <summary>Great-circle distance (haversine) on a sphere of the Earth's mean radius; good to a fraction of a percent for "near me".</summary>
internal static class Geo
{
    private const double EarthRadiusKm = 6371.0088;

    public static double DistanceKm(double lat1, double lng1, double lat2, double lng2)
    {
        static double Rad(double d) => d * Math.PI / 180;
        var dLat = Rad(lat2 - lat1);
        var dLng = Rad(lng2 - lng1);
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) + Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Sin(dLng / 2) * Math.Sin(dLng / 2);
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    /// <summary>Parses <c>lat,lng</c>; null when it is not two numbers in range.</summary>
    public static (double Lat, double Lng)? Parse(string? near)
    {
        if (string.IsNullOrEmpty(near) || near.Length > 60) return null;
        var parts = near.Split(',');
        if (parts.Length != 2) return null;
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        if (!double.TryParse(parts[0].Trim(), System.Globalization.NumberStyles.Float, ci, out var lat) || !double.TryParse(parts[1].Trim(), System.Globalization.NumberStyles.Float, ci, out var lng)) return null;
        return lat is >= -90 and <= 90 && lng is >= -180 and <= 180 ? (lat, lng) : null;
    }
}
