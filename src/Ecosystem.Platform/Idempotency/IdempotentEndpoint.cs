namespace Ecosystem.Platform.Idempotency;

/// <summary>Endpoint metadata: the endpoint takes an <c>Idempotency-Key</c> (documented in the OpenAPI document).</summary>
public sealed class IdempotentEndpoint
{
    public static readonly IdempotentEndpoint Instance = new();

    private IdempotentEndpoint()
    {
    }
}
