namespace Ecosystem.Identity.Sessions;

public enum SessionKind { Cookie, Bearer }
