namespace Ecosystem.Platform.Http;

/// <summary>
/// Endpoint metadata: the errors an endpoint can answer beyond the generic ones (401, 403, 404, 422 …, which the
/// OpenAPI document derives from the endpoint's policy, route and body). The document lists each with its code.
/// Added with <see cref="ProblemCodesExtensions.Answers{TBuilder}"/>.
/// </summary>
public sealed record ProblemCodes(IReadOnlyList<Error> Errors);
