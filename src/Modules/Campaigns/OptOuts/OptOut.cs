using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Campaigns.OptOuts;

/// <summary>The shared opt-out record (seed phase 4 <c>OptOut</c>): one per number, kept as the hash of its E.164 form, with a reason and a time.</summary>
internal sealed class OptOut
{
    public string PhoneHash { get; set; } = "";
    public string Reason { get; set; } = "";
    public DateTimeOffset Ts { get; set; }

    internal static void Configure(EntityTypeBuilder<OptOut> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "campaigns", "opt_outs");
        b.HasKey(x => x.PhoneHash);
        b.Property(x => x.PhoneHash).HasMaxLength(64);
        b.Property(x => x.Reason).HasMaxLength(200);
    }
}
