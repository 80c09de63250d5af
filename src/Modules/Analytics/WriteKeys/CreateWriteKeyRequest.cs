using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Ecosystem.Analytics.Data;
using Ecosystem.Platform;
using Ecosystem.Platform.Audit;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Analytics.WriteKeys;

public sealed record CreateWriteKeyRequest(string? Name, string? Policy);
