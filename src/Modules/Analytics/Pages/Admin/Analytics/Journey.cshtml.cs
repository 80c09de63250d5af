using Ecosystem.Analytics.Journeys;
using Ecosystem.Identity.Contracts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ecosystem.Analytics.Pages.Admin.Analytics;

internal sealed class JourneyModel(EventQueries events, IUserDirectory users, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string JourneyId { get; set; } = "";

    public Journey? Journey { get; private set; }
    public UserDto? Person { get; private set; }
    public DateTimeOffset Now { get; private set; }
    public TimeSpan Timeout => events.Timeout;

    /// <summary>A pause at least this long between two events is drawn as a gap.</summary>
    public static readonly TimeSpan NotableGap = TimeSpan.FromSeconds(30);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Now = time.GetUtcNow();
        Journey = JourneyId.Length is > 0 and <= 200 ? await events.GetJourneyAsync(JourneyId, ct) : null;
        if (Journey is null)
        {
            Response.StatusCode = 404;
            return;
        }

        if (Journey.UserEcosystemId is { } person) Person = (await users.GetManyAsync([person], ct)).GetValueOrDefault(person);
    }
}
