using Microsoft.AspNetCore.Builder;

namespace Ecosystem.Platform.Http;

public static class ProblemCodesExtensions
{
    /// <summary>Declares the errors this endpoint can answer, for its API documentation.</summary>
    public static TBuilder Answers<TBuilder>(this TBuilder builder, params Error[] errors)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ProblemCodes(errors));
}
