using System.Security.Cryptography;
using Ecosystem.Analytics.Data;
using Ecosystem.Platform;
using Ecosystem.Platform.Audit;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Http;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Analytics.WriteKeys;

/// <summary>
/// Creates, lists and revokes write keys, and resolves a presented key. Resolutions are cached for a few seconds;
/// a revocation in this instance takes effect at once, in other instances within <see cref="CacheFor"/>.
/// </summary>
internal sealed class WriteKeyService(AnalyticsDbContext db, Transactions transactions, OperationContext op, TimeProvider time, WriteKeyCache cache)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    public async Task<Result<WriteKeyCreated>> CreateAsync(CreateWriteKeyRequest request, CancellationToken ct)
    {
        var v = new Validator().Text(request.Name, "name", 100);
        CatalogPolicy policy = CatalogPolicy.Reject;
        v.Require(request.Policy is null || Enum.TryParse(request.Policy, true, out policy), "policy", "policy must be reject or quarantine.");
        if (!v.IsValid) return v.ToError();
        var secret = "wk_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var key = new WriteKey
        {
            Id = Ids.New("wkey", time), Name = request.Name!.Trim(), KeyHash = WriteKey.Hash(secret), KeyPrefix = secret[..9], Policy = policy,
            CreatedAt = time.UtcNowStored(), CreatedBy = op.ActorId,
        };
        return await transactions.RunAsync<WriteKeyCreated>(db, async c =>
        {
            db.WriteKeys.Add(key);
            db.AuditLog.Add(AuditEntry.Create(op, time, "analytics.write-key.created", "write-key", key.Id, null, new { key.Name, key.KeyPrefix, key.Policy }));
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return new WriteKeyCreated(key.Id, key.Name, secret, key.Policy.ToString().ToLowerInvariant());
        }, ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<WriteKeyDto>> ListAsync(CancellationToken ct) =>
        (await db.WriteKeys.AsNoTracking().OrderByDescending(k => k.Id).ToListAsync(ct).ConfigureAwait(false))
        .Select(k => new WriteKeyDto(k.Id, k.Name, k.KeyPrefix, k.Policy.ToString().ToLowerInvariant(), k.CreatedAt, k.CreatedBy, k.RevokedAt)).ToList();

    public async Task<Result<bool>> RevokeAsync(string id, CancellationToken ct)
    {
        var result = await transactions.RunAsync<bool>(db, async c =>
        {
            var key = await db.WriteKeys.ForUpdate().SingleOrDefaultAsync(k => k.Id == id, c).ConfigureAwait(false);
            if (key is null) return Error.NotFound("WRITE_KEY_NOT_FOUND", "No such write key.");
            if (key.RevokedAt is not null) return true;
            key.RevokedAt = time.UtcNowStored();
            db.AuditLog.Add(AuditEntry.Create(op, time, "analytics.write-key.revoked", "write-key", key.Id, new { revoked = false }, new { revoked = true }));
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            cache.Forget(key.KeyHash);
            return true;
        }, ct).ConfigureAwait(false);
        return result;
    }

    public async Task<WriteKeySource?> ResolveAsync(string presented, CancellationToken ct)
    {
        if (presented.Length is < 10 or > 100) return null;
        var hash = WriteKey.Hash(presented);
        var now = time.GetUtcNow();
        if (cache.TryGet(hash, now, out var cached)) return cached;
        var key = await db.WriteKeys.AsNoTracking().SingleOrDefaultAsync(k => k.KeyHash == hash && k.RevokedAt == null, ct).ConfigureAwait(false);
        var source = key is null ? null : new WriteKeySource(key.Id, key.Name, key.Policy);
        cache.Put(hash, source, now + CacheFor);
        return source;
    }
}
