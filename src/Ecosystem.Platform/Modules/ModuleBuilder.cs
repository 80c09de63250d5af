using System.Reflection;
using Ecosystem.Platform.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ecosystem.Platform;

/// <summary>
/// What a module registers about itself, from its own <c>AddXModule</c> (docs/new-module.md): its capabilities and their
/// roles, its API, its pages' policies, its sidebar links, product tiles and person links, its DbContext, its events,
/// dashboard tiles and demo data. The host lays these out and knows no module by name: adding a module is a project
/// reference and one line in <c>Program.cs</c>.
/// </summary>
public sealed class ModuleBuilder
{
    internal ModuleBuilder(IServiceCollection services, string name, Assembly assembly)
    {
        Services = services;
        Name = name;
        Assembly = assembly;
    }

    /// <summary>The module's name: its database schema, its tag in the API and audit.</summary>
    public string Name { get; }

    /// <summary>The module's assembly: its Razor pages and static assets (served under <c>/_content/{assembly name}/</c>).</summary>
    public Assembly Assembly { get; }

    /// <summary>For the module's own services.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Declares a capability (an authorization policy of that name) held by <paramref name="roles"/>.</summary>
    public ModuleBuilder Capability(string name, string description, params string[] roles)
    {
        if (roles.Length == 0) throw new ArgumentException("A capability needs at least one role.", nameof(roles));
        Services.AddSingleton(new Capability(name, description, roles, Name));
        Services.Configure<AuthorizationOptions>(o => o.AddPolicy(name, p => p.RequireAuthenticatedUser().RequireRole(roles)));
        return this;
    }

    /// <summary>The module's API, mapped under <c>/api</c>. Every endpoint names a policy or allows anonymous access.</summary>
    public ModuleBuilder Endpoints(Action<RouteGroupBuilder> map) => Endpoints((_, api) => map(api));

    /// <summary>As <see cref="Endpoints(Action{RouteGroupBuilder})"/>, for a module that also serves paths outside <c>/api</c>.</summary>
    public ModuleBuilder Endpoints(Action<IEndpointRouteBuilder, RouteGroupBuilder> map)
    {
        Services.AddSingleton(new ModuleEndpoints(Name, map));
        return this;
    }

    /// <summary>The module's Razor pages (in its assembly) and the policy of each page or folder.</summary>
    public ModuleBuilder Pages(Action<PageConventionCollection> authorize)
    {
        Services.AddModulePages(Assembly, authorize);
        return this;
    }

    public ModuleBuilder Navigation(params NavLink[] links)
    {
        foreach (var link in links) Services.AddSingleton(link);
        return this;
    }

    public ModuleBuilder ProductTile(ProductTile tile)
    {
        Services.AddSingleton(tile);
        return this;
    }

    public ModuleBuilder PersonLink(PersonLink link)
    {
        Services.AddSingleton(link);
        return this;
    }

    /// <summary>
    /// A stylesheet in the module's <c>wwwroot/</c> (e.g. <c>"cards.css"</c>), served at
    /// <c>/_content/{assembly}/{file}</c> and linked on every page after the design system's own.
    /// </summary>
    public ModuleBuilder Stylesheet(string file)
    {
        Services.AddSingleton(new ModuleStylesheet(Name, $"/_content/{Assembly.GetName().Name}/{file}"));
        return this;
    }

    /// <summary>
    /// An operator setting (docs/new-module.md): <paramref name="key"/> is <c>module.name</c>; its value is JSON of type
    /// <typeparamref name="T"/>, <paramref name="defaultValue"/> until someone with <paramref name="capability"/> changes
    /// it on the admin settings page; <paramref name="validate"/> returns the problems with a value, in words an operator
    /// reads. The module reads it with <c>SettingsService.GetAsync&lt;T&gt;(key)</c>.
    /// </summary>
    public ModuleBuilder Setting<T>(string key, string title, string description, string capability, T defaultValue, Func<T, IEnumerable<string>>? validate = null)
    {
        Services.AddSingleton(Settings.SettingDefinition.Create(key, Name, title, description, capability, defaultValue, validate));
        return this;
    }

    /// <summary>
    /// A bucket for the module's files: the largest file it takes, the content types it takes (<see cref="Files.FileTypes"/>,
    /// recognised from the bytes), and who may upload to it and read from it. Files are stored through
    /// <c>FileService</c> and downloaded by short-lived signed links.
    /// </summary>
    public ModuleBuilder FileBucket(string name, long maxBytes, IReadOnlyList<string> contentTypes, string uploadCapability, string readCapability)
    {
        Services.AddSingleton(new Files.FileBucket(name, Name, maxBytes, contentTypes, uploadCapability, readCapability));
        return this;
    }

    /// <summary>
    /// Subscribes <typeparamref name="THandler"/> to <paramref name="provider"/>'s webhook events of
    /// <paramref name="eventTypes"/> (all of them when none are named). The shared inbox verifies, stores and dedupes
    /// them, and runs the handler once per event, retrying it with backoff when it fails (ADR 0021).
    /// </summary>
    public ModuleBuilder WebhookHandler<THandler>(string provider, params string[] eventTypes)
        where THandler : class, Webhooks.IWebhookHandler
    {
        Services.TryAddScoped<THandler>();
        Services.AddSingleton(new Webhooks.WebhookSubscription(Name, provider, eventTypes, typeof(THandler)));
        return this;
    }

    /// <summary>
    /// A message the module sends (docs/new-module.md): <paramref name="channel"/> is <c>email</c>, <c>sms</c> or
    /// <c>whatsapp</c>; subject (e-mail only) and body are Liquid with the named <paramref name="variables"/>; the module
    /// queues it with <c>Notifier.Queue</c> in the transaction of the change that sends it.
    /// </summary>
    public ModuleBuilder NotificationTemplate(string name, string channel, string? subject, string body, IReadOnlyList<string> variables, string? linkVariable = null)
    {
        Services.AddSingleton(new Notifications.NotificationTemplate(name, Name, channel, subject, body, variables, linkVariable));
        return this;
    }

    /// <summary>
    /// Subscribes <typeparamref name="THandler"/> to payment events (<see cref="Payments.PaymentEvents"/>) from whichever
    /// gateway runs: Stripe's webhooks and the simulated gateway's own deliveries reach it the same way.
    /// </summary>
    public ModuleBuilder PaymentEventHandler<THandler>(params string[] eventTypes)
        where THandler : class, Webhooks.IWebhookHandler
    {
        foreach (var provider in Payments.PaymentEvents.Providers) WebhookHandler<THandler>(provider, eventTypes);
        return this;
    }

    /// <summary>How the module's events fold into a person's Customer 360 product summary (status, figures, last activity).</summary>
    public ModuleBuilder Customer360(ProductSummaryFold fold)
    {
        Services.AddCustomer360Fold(fold);
        return this;
    }

    /// <summary>A part of the Customer 360 pages the module renders from the person's folded fields (a Razor partial of its own).</summary>
    public ModuleBuilder Customer360Section(Customer360Place place, string partial, int order = 100, string? header = null)
    {
        Services.AddSingleton(new Customer360Section(Name, place, partial, order, header));
        return this;
    }

    /// <summary>A funnel of the module's events on the analytics overview.</summary>
    public ModuleBuilder Funnel(string title, string product, IReadOnlyList<FunnelStepDefinition> steps, string peopleLabel, string emptyHint, int order = 100)
    {
        if (steps.Count < 2) throw new ArgumentException("A funnel needs at least two steps.", nameof(steps));
        Services.AddSingleton(new FunnelDefinition(Name, title, product, steps, peopleLabel, emptyHint, order));
        return this;
    }

    /// <summary>The module's DbContext on the shared database (schema <see cref="Name"/>) and its migrations.</summary>
    public ModuleBuilder DbContext<TContext>()
        where TContext : ModuleDbContext
    {
        Services.AddModuleDbContext<TContext>(Name);
        return this;
    }

    /// <summary>The events the module emits or accepts (the event catalog).</summary>
    public ModuleBuilder Events(params EventDefinition[] definitions)
    {
        Services.AddEventDefinitions(definitions);
        return this;
    }

    public ModuleBuilder Dashboard<T>()
        where T : class, IDashboardContributor
    {
        Services.AddScoped<IDashboardContributor, T>();
        return this;
    }

    /// <summary>Demo data, seeded at start-up in demo mode only.</summary>
    public ModuleBuilder DemoData<T>()
        where T : class, IDemoSeeder
    {
        Services.AddSingleton<IDemoSeeder, T>();
        return this;
    }
}

public static class ModuleRegistration
{
    /// <summary>Starts a module's registration; <paramref name="marker"/> is any type of the module's assembly.</summary>
    public static ModuleBuilder AddModule(this IServiceCollection services, string name, Type marker) => new(services, name, marker.Assembly);

    /// <summary>Maps every registered module's API under <paramref name="api"/>.</summary>
    public static IEndpointRouteBuilder MapModules(this IEndpointRouteBuilder endpoints, RouteGroupBuilder api)
    {
        foreach (var module in endpoints.ServiceProvider.GetServices<ModuleEndpoints>()) module.Map(endpoints, api);
        return endpoints;
    }
}
