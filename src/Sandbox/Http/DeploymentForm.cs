using Bptl.Sandbox.Engine;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Bptl.Sandbox.Http;

/// <summary>
/// Reads <c>POST /deployment/create</c>'s multipart form in order: the reserved parts are text
/// settings, every other part is a resource and must carry a filename.
/// </summary>
internal static class DeploymentForm
{
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "deployment-name", "deployment-source", "tenant-id", "enable-duplicate-filtering", "deploy-changed-only", "deployment-activation-time",
    };

    public static async Task<DeploymentRequest> ReadAsync(HttpContext context)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        var resources = new List<DeploymentResource>();
        await foreach (var part in MultipartParts.ReadAsync(context))
        {
            if (Reserved.Contains(part.Name ?? string.Empty))
            {
                settings[part.Name!] = System.Text.Encoding.UTF8.GetString(part.Content);
            }
            else if (part.FileName is null)
            {
                // Camunda prints the (missing) file name here, hence the literal 'null'.
                throw Errors.InvalidRequest(400, "No file name found in the deployment resource described by form parameter 'null'.");
            }
            else
            {
                resources.Add(new DeploymentResource(part.FileName, part.Content));
            }
        }

        if (resources.Count == 0)
        {
            throw Errors.InvalidRequest(400, "No deployment resources contained in the form upload.");
        }

        var deployChangedOnly = IsTrue(settings, "deploy-changed-only");
        return new DeploymentRequest(
            settings.GetValueOrDefault("deployment-name"),
            settings.GetValueOrDefault("deployment-source"),
            settings.GetValueOrDefault("tenant-id"),
            IsTrue(settings, "enable-duplicate-filtering") || deployChangedOnly,
            deployChangedOnly,
            resources);
    }

    private static bool IsTrue(Dictionary<string, string> settings, string name) =>
        settings.TryGetValue(name, out var value) && string.Equals(value.Trim(), "true", StringComparison.OrdinalIgnoreCase);
}

/// <summary>One part of a multipart form, fully read.</summary>
internal sealed record MultipartPart(string? Name, string? FileName, string? ContentType, byte[] Content);

internal static class MultipartParts
{
    public static async IAsyncEnumerable<MultipartPart> ReadAsync(HttpContext context)
    {
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 } boundary)
        {
            throw Errors.InvalidRequest(400, "The request must be multipart/form-data.");
        }

        var reader = new MultipartReader(boundary, context.Request.Body);
        while (await reader.ReadNextSectionAsync(context.RequestAborted) is { } section)
        {
            string? name = null;
            string? fileName = null;
            if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
            {
                name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                var star = disposition.FileNameStar.Value;
                fileName = star ?? (disposition.FileName.HasValue ? HeaderUtilities.RemoveQuotes(disposition.FileName).Value : null);
            }

            using var buffer = new MemoryStream();
            await section.Body.CopyToAsync(buffer, context.RequestAborted);
            yield return new MultipartPart(name, fileName, section.ContentType, buffer.ToArray());
        }
    }
}
