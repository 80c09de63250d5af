namespace Ecosystem.Retention.Adapters;

/// <summary>Why a call to the chat model failed. The module turns any of these into a hand-off / technical failure.</summary>
internal enum ChatModelFailure
{
    /// <summary>401/403: the API key is missing or wrong.</summary>
    Unauthorized,
    /// <summary>400/404/422: the request was refused, e.g. an unknown model.</summary>
    Rejected,
    /// <summary>429: rate limit or quota.</summary>
    RateLimited,
    /// <summary>5xx.</summary>
    Unavailable,
    /// <summary>No answer within Retention:Ai:TimeoutSeconds.</summary>
    Timeout,
    /// <summary>Connection refused, DNS, TLS…</summary>
    Unreachable,
    /// <summary>2xx but not a chat completion we can read.</summary>
    BadResponse,
}
