namespace Ecosystem.Platform.Notifications;

/// <summary>
/// A named message a module sends (<see cref="ModuleBuilder.NotificationTemplate"/>): its channel, a subject (e-mail)
/// and a body in Liquid (<c>Hi {{ firstName }}</c>), the variables every message must give, and optionally the variable
/// holding the link the recipient is asked to open (shown as a button in the admin console's outbox).
/// </summary>
public sealed record NotificationTemplate(string Name, string Module, string Channel, string? Subject, string Body, IReadOnlyList<string> Variables, string? LinkVariable = null);
