namespace Ecosystem.Platform.Files;

/// <summary>
/// A named place for files a module declares (<see cref="ModuleBuilder.FileBucket"/>): the largest file it takes, the
/// content types it takes (recognised from the bytes, never from the name), who may upload and who may read.
/// </summary>
public sealed record FileBucket(string Name, string Module, long MaxBytes, IReadOnlyList<string> ContentTypes, string UploadCapability, string ReadCapability);
