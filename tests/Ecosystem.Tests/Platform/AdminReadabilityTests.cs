using System.Net;
using Ecosystem.Tests.Infrastructure;

namespace Ecosystem.Tests.Platform;

/// <summary>The admin console shows money, JSON, lists and people the way people read them (issue 17, part 6).</summary>
public abstract class AdminReadabilityTests(Db db) : AppTest(db)
{
    [Fact]
    public async Task The_audit_log_shows_money_with_its_currency_and_objects_as_collapsible_fields()
    {
        var admin = await App.AdminAsync();
        var audit = await (await admin.GetAsync("/admin/audit?targetType=card")).Content.ReadAsStringAsync();
        Assert.Contains("5,000.00 USD", audit, StringComparison.Ordinal); // the demo offer's limits, not 500000
        Assert.DoesNotContain(">500000<", audit, StringComparison.Ordinal);
        var customers = await (await admin.GetAsync("/admin/audit?targetType=retention-customer")).Content.ReadAsStringAsync();
        Assert.Contains("<details class=\"json\">", customers, StringComparison.Ordinal); // the card on file, folded
        Assert.DoesNotContain("{&quot;", customers, StringComparison.Ordinal); // no raw JSON
    }

    [Fact]
    public async Task The_event_stream_pages_its_rows_and_lists_metadata_fields()
    {
        var admin = await App.AdminAsync();
        var page = await (await admin.GetAsync("/admin/events")).Content.ReadAsStringAsync();
        Assert.Contains("class=\"json-fields\"", page, StringComparison.Ordinal);
        Assert.True(System.Text.RegularExpressions.Regex.Matches(page, "<tr>").Count <= 26, "at most 25 events a page");
    }

    [Fact]
    public async Task The_at_risk_list_shows_at_risk_customers_unless_all_are_asked_for()
    {
        var admin = await App.AdminAsync();
        var atRisk = await (await admin.GetAsync("/admin/retention")).Content.ReadAsStringAsync();
        var all = await (await admin.GetAsync("/admin/retention?status=")).Content.ReadAsStringAsync();
        Assert.Contains("Lukas Weber", atRisk, StringComparison.Ordinal); // failed payments: at risk
        Assert.DoesNotContain("Emma Dubois", atRisk, StringComparison.Ordinal); // card valid for two years: active
        Assert.Contains("Emma Dubois", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_card_face_shows_four_digits()
    {
        var user = await App.UserAsync();
        var page = await user.GetAsync("/app/card");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Matches("<div class=\"cc-number\">•••• •••• •••• [0-9]{4}</div>", await page.Content.ReadAsStringAsync());
    }
}

public sealed class AdminReadabilityTests_Sqlite() : AdminReadabilityTests(Db.Sqlite);

public sealed class AdminReadabilityTests_Postgres() : AdminReadabilityTests(Db.Postgres);
