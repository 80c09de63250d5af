namespace Ecosystem.Shop.Cart;

internal enum CartStatus { Open, Merged, Ordered }
