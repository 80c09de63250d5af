using Ecosystem.Identity.Contracts;
using Ecosystem.Platform;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Security;
using Ecosystem.Vouchers.Contracts;
using Ecosystem.Vouchers.Data;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Vouchers.Stations;

/// <summary>Stations, their operators, and the stations an operator works at.</summary>
internal sealed class StationService(VouchersDbContext db, Transactions transactions, VoucherJournal journal, IUserDirectory users, OperationContext op, TimeProvider time)
{
    public static readonly Error NotFound = Error.NotFound("STATION_NOT_FOUND", "There is no such station.");
    public static readonly Error EngencodeTaken = Error.Conflict("ENGENCODE_TAKEN", "Another station already has this engencode.");
    public static readonly Error UserNotFound = Error.NotFound("USER_NOT_FOUND", "There is no such person.");

    public async Task<Result<StationResponse>> CreateAsync(StationRequest? request, CancellationToken ct)
    {
        var v = new Validator();
        if (request is null) return v.Require(false, "body", "Give the station's details.").ToError();
        v.Text(request.Name, "name", 120);
        var engencode = request.Engencode?.Trim().ToUpperInvariant();
        if (engencode is null || engencode.Length is 0 or > 40 || !engencode.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            v.Add("engencode", "Engencode is required: 1 to 40 letters, digits, - or _.");
        string? phone = null;
        if (!string.IsNullOrWhiteSpace(request.OwnerContact) && (phone = E164.Normalise(request.OwnerContact)) is null)
            v.Add("ownerContact", "Owner contact is not a valid phone number (e.g. +250 788 123 456).");
        if (request.Latitude is { } lat && (double.IsNaN(lat) || lat is < -90 or > 90)) v.Add("latitude", "Latitude is between -90 and 90.");
        if (request.Longitude is { } lng && (double.IsNaN(lng) || lng is < -180 or > 180)) v.Add("longitude", "Longitude is between -180 and 180.");
        if (request.Latitude.HasValue != request.Longitude.HasValue) v.Add("longitude", "Give both latitude and longitude, or neither.");
        var status = request.Status ?? Station.Active;
        if (status is not (Station.Active or Station.Inactive)) v.Add("status", "Status is active or inactive.");
        if (!v.IsValid) return v.ToError();

        try
        {
            return await transactions.RunAsync<StationResponse>(db, async c =>
            {
                if (await db.Stations.AnyAsync(s => s.Engencode == engencode, c).ConfigureAwait(false)) return EngencodeTaken;
                var now = time.UtcNowStored();
                var station = new Station
                {
                    StationId = Ids.New("stn", time), Name = request.Name!.Trim(), Engencode = engencode!, OwnerContact = phone,
                    Latitude = request.Latitude, Longitude = request.Longitude, Status = status, CreatedAt = now, UpdatedAt = now,
                };
                db.Stations.Add(station);
                var response = ToResponse(station, true, null);
                journal.Audit("vouchers.station.created", "station", station.StationId, null, response);
                journal.Event(VoucherEvents.StationCreated, null, new { stationId = station.StationId, name = station.Name, engencode = station.Engencode });
                await db.SaveChangesAsync(c).ConfigureAwait(false);
                return response;
            }, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (UniqueViolation.Is(e, "ux_stations_engencode"))
        {
            db.ChangeTracker.Clear();
            return EngencodeTaken;
        }
    }

    /// <summary>Stations; with <paramref name="near"/> only active ones that have a location, nearest first.</summary>
    public async Task<Result<IReadOnlyList<StationResponse>>> ListAsync(string? near, bool withContact, int? limit, CancellationToken ct)
    {
        var v = new Validator();
        var point = Geo.Parse(near);
        if (near is not null && point is null) v.Add("near", "Near is a place as latitude,longitude (e.g. -1.95,30.06).");
        if (limit is < 1 or > 500) v.Add("limit", "Limit is 1 to 500.");
        if (!v.IsValid) return v.ToError();
        var take = limit ?? 100;
        if (point is { } p)
        {
            var located = await db.Stations.AsNoTracking().Where(s => s.Status == Station.Active && s.Latitude != null && s.Longitude != null).ToListAsync(ct).ConfigureAwait(false);
            return located
                .Select(s => ToResponse(s, withContact, Math.Round(Geo.DistanceKm(p.Lat, p.Lng, s.Latitude!.Value, s.Longitude!.Value), 2)))
                .OrderBy(s => s.DistanceKm).ThenBy(s => s.StationId, StringComparer.Ordinal).Take(take).ToList();
        }

        var all = await db.Stations.AsNoTracking().OrderBy(s => s.Name).ThenBy(s => s.StationId).Take(take).ToListAsync(ct).ConfigureAwait(false);
        return all.Select(s => ToResponse(s, withContact, null)).ToList();
    }

    public async Task<Result<StationResponse>> GetAsync(string stationId, CancellationToken ct)
    {
        if (!Ids.IsValid(stationId, "stn")) return NotFound;
        var s = await db.Stations.AsNoTracking().FirstOrDefaultAsync(x => x.StationId == stationId, ct).ConfigureAwait(false);
        return s is null ? NotFound : ToResponse(s, true, null);
    }

    /// <summary>Binds a person to the station (idempotent) and gives them the station operator role; both audited, in one unit.</summary>
    public async Task<Result<OperatorResponse>> BindOperatorAsync(string stationId, OperatorRequest? request, CancellationToken ct)
    {
        var v = new Validator();
        if (request is null || (string.IsNullOrWhiteSpace(request.UserEcosystemId) && string.IsNullOrWhiteSpace(request.Username)))
            return v.Require(false, "userEcosystemId", "Give the operator's user id or username.").ToError();
        v.Text(request.UserEcosystemId, "userEcosystemId", 40, required: false).Text(request.Username, "username", 100, required: false);
        if (!v.IsValid) return v.ToError();
        if (!Ids.IsValid(stationId, "stn")) return NotFound;

        UserDto? user;
        if (!string.IsNullOrWhiteSpace(request.UserEcosystemId))
            user = (await users.GetManyAsync([request.UserEcosystemId], ct).ConfigureAwait(false)).GetValueOrDefault(request.UserEcosystemId);
        else
            user = await users.FindByUsernameAsync(request.Username!.Trim(), ct).ConfigureAwait(false);
        if (user is null) return UserNotFound;

        return await transactions.RunAsync<OperatorResponse>(db, async c =>
        {
            var station = await db.Stations.AsNoTracking().FirstOrDefaultAsync(s => s.StationId == stationId, c).ConfigureAwait(false);
            if (station is null) return NotFound;
            var existing = await db.Operators.AsNoTracking().FirstOrDefaultAsync(o => o.StationId == stationId && o.UserEcosystemId == user.UserEcosystemId, c).ConfigureAwait(false);
            if (existing is not null) return new OperatorResponse(stationId, user.UserEcosystemId, user.Username, existing.BoundBy, existing.BoundAt);
            var granted = await users.GrantRoleAsync(user.UserEcosystemId, Roles.StationOperator, c).ConfigureAwait(false);
            if (!granted.IsSuccess) return granted.Error!;
            var binding = new StationOperator { StationId = stationId, UserEcosystemId = user.UserEcosystemId, BoundBy = op.ActorId, BoundAt = time.UtcNowStored() };
            db.Operators.Add(binding);
            journal.Audit("vouchers.station.operator_bound", "station", stationId, null, new { binding.UserEcosystemId, user.Username, binding.BoundBy, binding.BoundAt });
            journal.Event(VoucherEvents.OperatorBound, user.UserEcosystemId, new { stationId, userEcosystemId = user.UserEcosystemId });
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return new OperatorResponse(stationId, user.UserEcosystemId, user.Username, binding.BoundBy, binding.BoundAt);
        }, ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Station>> StationsOfAsync(string userEcosystemId, CancellationToken ct)
    {
        var ids = db.Operators.Where(o => o.UserEcosystemId == userEcosystemId).Select(o => o.StationId);
        return await db.Stations.AsNoTracking().Where(s => ids.Contains(s.StationId)).OrderBy(s => s.Name).ThenBy(s => s.StationId).ToListAsync(ct).ConfigureAwait(false);
    }

    public async Task<MyStationsResponse> MineAsync(string userEcosystemId, CancellationToken ct) =>
        new(userEcosystemId, (await StationsOfAsync(userEcosystemId, ct).ConfigureAwait(false)).Select(s => ToResponse(s, false, null)).ToList());

    public static StationResponse ToResponse(Station s, bool withContact, double? distanceKm) =>
        new(s.StationId, s.Name, s.Engencode, withContact ? s.OwnerContact : null, s.Latitude, s.Longitude, s.Status, s.CreatedAt, s.UpdatedAt, distanceKm);
}
