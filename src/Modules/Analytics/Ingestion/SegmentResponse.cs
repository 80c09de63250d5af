using System.Buffers;
using System.Security.Claims;
using System.Text.Json;
using Ecosystem.Analytics.WriteKeys;
using Ecosystem.Platform;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Analytics.Ingestion;

public sealed record SegmentResponse(bool Success, int Accepted, int Quarantined, IReadOnlyList<RejectedEvent> Rejected);
