namespace Ecosystem.Platform.Payments;

/// <summary>Card-number helpers: digits only, Luhn check, brand from the number's prefix.</summary>
public static class CardNumbers
{
    /// <summary>Digits only (spaces and dashes removed), 12–19 long; null when it is not a card number's shape.</summary>
    public static string? Normalize(string? input)
    {
        if (input is null || input.Length > 40) return null;
        var digits = new string(input.Where(c => c is not (' ' or '-')).ToArray());
        return digits.Length is >= 12 and <= 19 && digits.All(char.IsAsciiDigit) ? digits : null;
    }

    public static bool IsLuhnValid(string digits)
    {
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubleIt) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
            doubleIt = !doubleIt;
        }

        return sum % 10 == 0;
    }

    public static string Brand(string digits) => digits switch
    {
        _ when digits.StartsWith('4') => "visa",
        _ when digits.Length >= 2 && digits[..2] is "51" or "52" or "53" or "54" or "55" => "mastercard",
        _ when digits.Length >= 4 && int.Parse(digits[..4], System.Globalization.CultureInfo.InvariantCulture) is >= 2221 and <= 2720 => "mastercard",
        _ when digits.StartsWith("34", StringComparison.Ordinal) || digits.StartsWith("37", StringComparison.Ordinal) => "amex",
        _ when digits.StartsWith("6011", StringComparison.Ordinal) || digits.StartsWith("65", StringComparison.Ordinal) => "discover",
        _ => "unknown",
    };
}
