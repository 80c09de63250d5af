namespace Ecosystem.Platform;

/// <summary>Where a module's <see cref="Customer360Section"/> shows on the Customer 360 pages.</summary>
public enum Customer360Place
{
    /// <summary>Figures in the person page's top row, between engagement and last seen (each a <c>div.stat</c>).</summary>
    Stats,

    /// <summary>A card of its own below the top row of the person page.</summary>
    Panel,

    /// <summary>More figures in the person page's counters card (each a <c>div</c> with a <c>strong</c> and a <c>span</c>).</summary>
    Counters,

    /// <summary>A column of the people list: <see cref="Customer360Section.Header"/> and a <c>td</c> per person.</summary>
    ListColumn,
}
