namespace Ecosystem.Shop.Orders;

/// <summary>The order statuses of seed 002 (JSON: <c>pending</c>, <c>processing</c>, <c>active</c>, <c>completed</c>, <c>on_hold</c>, <c>canceled</c>).</summary>
internal enum OrderStatus { Pending, Processing, Active, Completed, OnHold, Canceled }
