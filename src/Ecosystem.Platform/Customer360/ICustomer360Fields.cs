namespace Ecosystem.Platform;

/// <summary>
/// A person's Customer 360 as a module's page section reads it: fields by the names the folds declared, dotted for
/// nested ones (<c>retention.accountStatus</c>). Analytics answers it; a module's section needs nothing else of Analytics.
/// </summary>
public interface ICustomer360Fields
{
    object? this[string name] { get; }

    string? Text(string name);

    long? Integer(string name);

    DateTimeOffset? Time(string name);
}
