namespace Bptl.Services.Http;

/// <summary>Reads a body for the timeline: text only, buffered so the caller still reads all of it.</summary>
internal static class BodyText
{
    // Larger bodies are not buffered just to record 4 KiB of them.
    private const long MaxBuffered = 1024 * 1024;

    /// <summary>
    /// The body as text. A <paramref name="remote"/> body (a response) of unknown length is not buffered: a streamed
    /// answer could be any size. A request body the work unit built is buffered even without a length (JSON content has none).
    /// </summary>
    public static async Task<string> ReadAsync(HttpContent content, bool remote, CancellationToken cancellationToken)
    {
        var mediaType = content.Headers.ContentType?.MediaType;
        var length = content.Headers.ContentLength;
        if (!IsText(mediaType))
        {
            return $"({mediaType}{(length is { } l ? $", {l} bytes" : "")}: not text, not recorded)";
        }

        if (length > MaxBuffered)
        {
            return $"({length} bytes: too large to record)";
        }

        if (length is null && remote)
        {
            // A streamed body of unknown length could be any size: it is passed through, not buffered to be recorded.
            return "(streamed, unknown length: not recorded)";
        }

        await content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        return await content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }

    public static bool IsText(string? mediaType) =>
        mediaType is null
        || mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
        || mediaType.EndsWith("/json", StringComparison.OrdinalIgnoreCase)
        || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)
        || mediaType.EndsWith("/xml", StringComparison.OrdinalIgnoreCase)
        || mediaType.EndsWith("+xml", StringComparison.OrdinalIgnoreCase)
        || mediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
        || mediaType.Equals("application/javascript", StringComparison.OrdinalIgnoreCase);
}
