namespace Ecosystem.Shop.Orders;

/// <summary>
/// The one transition table of an order. pending → processing (paid) → active (the service runs) → completed;
/// processing may complete directly (a one-off delivery). Pending, processing and active orders can be put on hold, and
/// a held order resumes to the status it was held in. Pending, processing, active and held orders can be canceled
/// (money paid is refunded separately). Completed and canceled are final. Anything else is 409 and changes nothing.
/// </summary>
internal static class OrderTransitions
{
    private static readonly Dictionary<(OrderStatus From, OrderAction Action), OrderStatus> Table = new()
    {
        [(OrderStatus.Pending, OrderAction.Pay)] = OrderStatus.Processing,
        [(OrderStatus.Processing, OrderAction.Activate)] = OrderStatus.Active,
        [(OrderStatus.Processing, OrderAction.Complete)] = OrderStatus.Completed,
        [(OrderStatus.Active, OrderAction.Complete)] = OrderStatus.Completed,
        [(OrderStatus.Pending, OrderAction.Hold)] = OrderStatus.OnHold,
        [(OrderStatus.Processing, OrderAction.Hold)] = OrderStatus.OnHold,
        [(OrderStatus.Active, OrderAction.Hold)] = OrderStatus.OnHold,
        [(OrderStatus.Pending, OrderAction.Cancel)] = OrderStatus.Canceled,
        [(OrderStatus.Processing, OrderAction.Cancel)] = OrderStatus.Canceled,
        [(OrderStatus.Active, OrderAction.Cancel)] = OrderStatus.Canceled,
        [(OrderStatus.OnHold, OrderAction.Cancel)] = OrderStatus.Canceled,
    };

    /// <summary>The status <paramref name="action"/> leads to from <paramref name="from"/>, or null when it is not allowed.</summary>
    public static OrderStatus? Next(OrderStatus from, OrderAction action, OrderStatus? heldFrom) =>
        from == OrderStatus.OnHold && action == OrderAction.Resume ? heldFrom ?? OrderStatus.Pending
        : Table.TryGetValue((from, action), out var to) ? to : null;

    /// <summary>The actions an admin may take from <paramref name="from"/> (for the order page's buttons).</summary>
    public static IReadOnlyList<OrderAction> AdminActions(OrderStatus from) =>
        [.. Enum.GetValues<OrderAction>().Where(a => a != OrderAction.Pay && Next(from, a, null) is not null)];

    public static string Word(OrderStatus status) => status switch
    {
        OrderStatus.OnHold => "on_hold",
        _ => status.ToString().ToLowerInvariant(),
    };

    public static string Label(OrderStatus status) => status switch
    {
        OrderStatus.Pending => "Awaiting payment",
        OrderStatus.Processing => "Paid, being set up",
        OrderStatus.Active => "Running",
        OrderStatus.Completed => "Completed",
        OrderStatus.OnHold => "On hold",
        _ => "Canceled",
    };

    public static string EventVerb(OrderAction action) => action switch
    {
        OrderAction.Pay => "paid",
        OrderAction.Activate => "activated",
        OrderAction.Complete => "completed",
        OrderAction.Hold => "held",
        OrderAction.Resume => "resumed",
        _ => "canceled",
    };
}
