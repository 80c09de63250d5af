namespace Ecosystem.Identity.Users;

public enum UserStatus { Active, Disabled }
