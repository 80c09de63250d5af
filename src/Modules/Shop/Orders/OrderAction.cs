namespace Ecosystem.Shop.Orders;

/// <summary>What moves an order: <c>pay</c> comes from a captured payment; the others are an admin's.</summary>
internal enum OrderAction { Pay, Activate, Complete, Hold, Resume, Cancel }
