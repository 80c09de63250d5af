using System.Text;

namespace Ecosystem.Campaigns.Targets;

/// <summary>
/// A CSV upload's rows: <c>number,name,var1,var2…</c> (comma or semicolon, quotes as RFC 4180). A first line whose
/// first cell is not a number (<c>number</c>, <c>msisdn</c>, <c>phone</c>) is the header and is skipped. Blank lines are skipped.
/// </summary>
internal static class CsvRows
{
    public static IEnumerable<TargetRow> Read(TextReader reader)
    {
        var lineNumber = 0;
        string? line;
        var cells = new List<string>();
        var cell = new StringBuilder();
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Length == 0 || line.All(char.IsWhiteSpace)) continue;
            Split(line, cells, cell);
            if (lineNumber == 1 && IsHeader(cells[0])) continue;
            var variables = cells.Count > 2 ? cells.Skip(2).Select(v => (string?)v.Trim()).ToArray() : [];
            var name = cells.Count > 1 && cells[1].Trim().Length > 0 ? cells[1].Trim() : null;
            yield return new TargetRow(lineNumber, cells[0].Trim(), name, variables, null);
        }
    }

    private static bool IsHeader(string first)
    {
        var t = first.Trim().Trim('"').ToLowerInvariant();
        return t is "number" or "msisdn" or "phone" or "phone_number" or "mobile" or "to";
    }

    private static void Split(string line, List<string> cells, StringBuilder cell)
    {
        cells.Clear();
        cell.Clear();
        var quoted = false;
        var separator = line.Contains(',') || !line.Contains(';') ? ',' : ';';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"' && cell.Length == 0) quoted = true;
            else if (c == separator) { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(c);
        }

        cells.Add(cell.ToString());
    }
}
