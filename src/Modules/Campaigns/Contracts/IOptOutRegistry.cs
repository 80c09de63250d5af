using Ecosystem.Platform;

namespace Ecosystem.Campaigns.Contracts;

/// <summary>
/// The shared opt-out record (seed phase 4 <c>OptOut</c>: one per E.164 number, with a reason and a time), for every
/// module that writes to people over WhatsApp or voice. Numbers are kept only as hashes (<see cref="PhoneHash"/>).
/// </summary>
public interface IOptOutRegistry
{
    Task<bool> IsOptedOutAsync(string e164, CancellationToken ct);

    /// <summary>Records the opt-out once (idempotent) and adds the hash to the <c>opt_out_list</c> setting.</summary>
    Task<Result<bool>> OptOutAsync(string e164, string reason, CancellationToken ct);
}
