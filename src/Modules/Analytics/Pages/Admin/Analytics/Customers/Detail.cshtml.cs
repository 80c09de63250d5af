using Ecosystem.Analytics.Customers;
using Ecosystem.Analytics.Journeys;
using Ecosystem.Identity.Contracts;
using Ecosystem.Platform;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ecosystem.Analytics.Pages.Admin.Analytics.Customers;

internal sealed class DetailModel(Customer360Queries queries, EventQueries events, IUserDirectory users, IEnumerable<IPersonDirectory> directories, TimeProvider time) : PageModel
{
    public const int TimelineSize = 30;

    [BindProperty(SupportsGet = true)]
    public string UserEcosystemId { get; set; } = "";

    public UserDto? Profile { get; private set; }
    /// <summary>Without a sign-in account: the person as a module knows them (a retention customer), if one does.</summary>
    public KnownPerson? Known { get; private set; }
    public Customer360? View { get; private set; }
    public IReadOnlyList<JourneySummary> Journeys { get; private set; } = [];
    public IReadOnlyList<StoredEvent> Timeline { get; private set; } = [];
    public bool MoreEvents { get; private set; }
    public DateTimeOffset Now { get; private set; }
    public TimeSpan JourneyTimeout => events.Timeout;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Now = time.GetUtcNow();
        Profile = (await users.GetManyAsync([UserEcosystemId], ct)).GetValueOrDefault(UserEcosystemId);
        if (Profile is null) Known = (await directories.FindAsync([UserEcosystemId], ct)).GetValueOrDefault(UserEcosystemId);
        View = await queries.GetAsync(UserEcosystemId, ct);
        if (View is null && Profile is null && Known is null)
        {
            Response.StatusCode = 404;
            return;
        }

        Journeys = await events.ListJourneysAsync(UserEcosystemId, 8, ct);
        var page = await events.ListAsync(UserEcosystemId, null, null, null, null, TimelineSize, null, ct);
        if (page.IsSuccess)
        {
            Timeline = page.Value!.Items;
            MoreEvents = page.Value.NextCursor is not null;
        }
    }
}
