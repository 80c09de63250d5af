using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Platform.Notifications;

internal static class NotificationRegistration
{
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        foreach (var channel in NotificationChannel.All) services.AddSingleton<INotificationSender>(new ConsoleOutboxSender(channel));
        if (SmtpOptions.Read(configuration) is { } smtp)
        {
            services.AddSingleton(smtp);
            services.AddSingleton<INotificationSender, SmtpEmailSender>();
        }

        services.AddSingleton<NotificationTemplates>();
        services.AddSingleton<NotificationSignal>();
        services.AddScoped<Notifier>();
        services.AddSingleton<NotificationRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationRelay>());
        return services;
    }
}
