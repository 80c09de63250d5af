using System.Globalization;

namespace Ecosystem.Analytics.Export;

/// <summary>
/// The validated arguments of <c>ecosystem export events|customer360 --from YYYY-MM-DD --to YYYY-MM-DD --out DIR</c>.
/// Days are UTC dates; <see cref="From"/> is inclusive and <see cref="To"/> exclusive, so
/// <c>--from 2026-11-01 --to 2026-11-02</c> exports one day.
/// </summary>
internal sealed record ExportRequest(ExportDataset Dataset, DateOnly From, DateOnly To, string OutputDirectory)
{
    public const int MaxDays = 3660;

    public string DatasetName => Dataset == ExportDataset.Events ? "events" : "customer360";

    public int DayCount => To.DayNumber - From.DayNumber;

    public IEnumerable<DateOnly> Days()
    {
        for (var day = From; day < To; day = day.AddDays(1)) yield return day;
    }

    /// <summary>Parses the words after <c>export</c>; on failure returns null and a message for the user.</summary>
    public static ExportRequest? Parse(IReadOnlyList<string> args, out string error)
    {
        error = "";
        if (args.Count == 0 || args[0].StartsWith('-'))
        {
            error = "say what to export: events or customer360.";
            return null;
        }

        ExportDataset dataset;
        switch (args[0])
        {
            case "events":
                dataset = ExportDataset.Events;
                break;
            case "customer360":
                dataset = ExportDataset.Customer360;
                break;
            default:
                error = $"unknown data set '{args[0]}': use events or customer360.";
                return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = arg.StartsWith("--", StringComparison.Ordinal) && equals > 0 ? arg[..equals] : arg;
            if (name is not ("--from" or "--to" or "--out"))
            {
                error = $"unknown argument '{arg}'.";
                return null;
            }

            string? value = equals > 0 ? arg[(equals + 1)..] : i + 1 < args.Count ? args[++i] : null;
            if (string.IsNullOrWhiteSpace(value))
            {
                error = $"{name} needs a value.";
                return null;
            }

            if (!values.TryAdd(name, value))
            {
                error = $"{name} is given twice.";
                return null;
            }
        }

        var missing = new[] { "--from", "--to", "--out" }.Where(n => !values.ContainsKey(n)).ToList();
        if (missing.Count > 0)
        {
            error = string.Join(", ", missing) + (missing.Count == 1 ? " is" : " are") + " required.";
            return null;
        }

        if (!TryDate(values["--from"], out var from))
        {
            error = $"--from must be a date YYYY-MM-DD, not '{values["--from"]}'.";
            return null;
        }

        if (!TryDate(values["--to"], out var to))
        {
            error = $"--to must be a date YYYY-MM-DD, not '{values["--to"]}'.";
            return null;
        }

        if (from >= to)
        {
            error = "--from must be before --to; --to is exclusive (--from 2026-11-01 --to 2026-11-02 exports one day).";
            return null;
        }

        if (to.DayNumber - from.DayNumber > MaxDays)
        {
            error = $"the range spans {to.DayNumber - from.DayNumber} days; one run exports at most {MaxDays}.";
            return null;
        }

        string output;
        try
        {
            output = Path.GetFullPath(values["--out"]);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            error = $"--out is not a usable path: {ex.Message}";
            return null;
        }

        if (File.Exists(output))
        {
            error = $"--out must be a directory; {output} is a file.";
            return null;
        }

        return new ExportRequest(dataset, from, to, output);
    }

    private static bool TryDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
