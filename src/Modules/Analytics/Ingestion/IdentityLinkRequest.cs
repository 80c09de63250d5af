using System.Data;
using System.Data.Common;
using System.Threading.Channels;
using Ecosystem.Analytics.Customers;
using Ecosystem.Analytics.Data;
using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ecosystem.Analytics.Ingestion;

internal sealed record IdentityLinkRequest(string AnonymousId, string UserEcosystemId, DateTimeOffset At);
