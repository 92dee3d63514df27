using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Bptl.BuiltIns.Templates;
using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Grains.Interfaces.WorkUnits.Contracts;
using Bptl.Variables;

namespace Bptl.BuiltIns.Http;

/// <summary>
/// <c>bptl.http</c>: one HTTP request to a configured external service (its base URL, credentials and timeline
/// recording apply), with the path, headers and body filled from process variables (see <see cref="VariableTemplate"/>).
/// The status and the response are set as variables; <c>statusMapping</c> decides which statuses complete, fail,
/// retry or throw a BPMN error.
/// </summary>
public sealed class HttpRequestWorkUnit : IWorkUnit
{
    /// <summary>The name topics map to.</summary>
    public const string Name = "bptl.http";

    /// <summary>The largest response body kept: 1 MiB. A larger one is a failure, not a truncated variable.</summary>
    public const int MaxResponseBytes = 1024 * 1024;

    /// <summary>The contract.</summary>
    public static void Contract(WorkUnitContractBuilder contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        contract
            .Describe("Sends one templated HTTP request to a configured service and maps the response to variables.")
            .RequiredInput<string>("service", "The external service to call (its base URL and credentials are configured by an admin).")
            .OptionalInput<string>("method", "GET", "The HTTP method.")
            .OptionalInput<string>("path", "", "The path and query relative to the service's base URL; a template ({{variable}}, {{variable|url}}).")
            .OptionalInput<VariableValue>("headers", description: "A JSON object of header name → template.")
            .OptionalInput<string>("body", description: "The request body; a template ({{variable}} as text, {{variable|json}} as a JSON literal).")
            .OptionalInput<string>("contentType", "application/json", "The body's content type.")
            .OptionalInput<VariableValue>("statusMapping", description:
                "A JSON object of status (\"404\") or class (\"4xx\") → \"complete\", \"failure\", \"retry\" or \"bpmn:<errorCode>\". "
                + "Unmapped: 2xx complete, 408, 429 and 5xx retry, the rest failure.")
            .OptionalInput<string>("responseVariable", "httpResponse", "The variable the response body is set to (Json when the response is JSON, else String).")
            .Output<int>("httpStatus", "The response's status code.")
            .Output<VariableValue>("httpResponse", "The response body (under responseVariable's name).");
    }

    /// <inheritdoc />
    public async Task<WorkUnitResult> ExecuteAsync(WorkUnitContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        HttpRequestMessage request;
        StatusMapping mapping;
        try
        {
            request = BuildRequest(context);
            mapping = StatusMapping.Parse(context.Variables.GetValueOrDefault("statusMapping"));
        }
        catch (Exception ex) when (ex is TemplateException or ArgumentException or JsonException or FormatException or InvalidOperationException)
        {
            return WorkUnitResult.Failure("The HTTP request cannot be built: " + ex.Message, retryable: false);
        }

        using (request)
        {
            var client = context.Services.Http(context.Get<string>("service"));
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var body = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
            if (body is null)
            {
                return WorkUnitResult.Failure($"The response of {request.Method} {Shown(request)} ({status}) is larger than {MaxResponseBytes} bytes.", retryable: false);
            }

            var variables = new VariableMap
            {
                ["httpStatus"] = status,
                [context.Get<string>("responseVariable")] = body,
            };
            // Only the path: a query string may carry tokens, and this message goes to the engine's incident.
            var summary = $"{request.Method} {Shown(request)} answered {status} {response.ReasonPhrase}";
            var action = mapping.Decide(status);
            if (action is StatusAction.BpmnError bpmn)
            {
                return WorkUnitResult.BpmnError(bpmn.Code, summary, variables);
            }

            return action == StatusAction.Complete ? WorkUnitResult.Complete(variables)
                : action == StatusAction.Retry ? WorkUnitResult.Failure(summary, Describe(body))
                : WorkUnitResult.Failure(summary, Describe(body), retryable: false);
        }
    }

    private static HttpRequestMessage BuildRequest(WorkUnitContext context)
    {
        var method = new HttpMethod(context.Get<string>("method").Trim().ToUpperInvariant());
        var path = VariableTemplate.Render(context.Get<string>("path"), context.Variables, TemplateFormat.Url);
        if (Uri.TryCreate(path, UriKind.Absolute, out _) || path.StartsWith("//", StringComparison.Ordinal))
        {
            throw new ArgumentException("path must be relative to the service's base URL; configure another service for another host.");
        }

        var pathOnly = path.Split('?', '#')[0];
        if (pathOnly.Split('/').Any(segment => segment is ".." || Uri.UnescapeDataString(segment) is ".."))
        {
            throw new ArgumentException("path must stay under the service's base URL: '..' segments are not allowed.");
        }

        var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (context.Variables.TryGetValue("headers", out var headers) && headers.Type != VariableType.Null)
        {
            using var document = JsonDocument.Parse(VariableTemplate.AsText(headers) ?? "{}");
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException("headers must be a JSON object of header name → template.");
            }

            foreach (var header in document.RootElement.EnumerateObject())
            {
                if (header.Value.ValueKind != JsonValueKind.String)
                {
                    throw new ArgumentException($"The header '{header.Name}' must be a string template.");
                }

                var value = VariableTemplate.Render(header.Value.GetString()!, context.Variables);
                if (!request.Headers.TryAddWithoutValidation(header.Name, value))
                {
                    throw new ArgumentException($"The header '{header.Name}' cannot be set on a request (a content header belongs to contentType).");
                }
            }
        }

        if (context.Variables.TryGetValue("body", out var body) && body.Type != VariableType.Null)
        {
            var text = VariableTemplate.Render(context.Get<string>("body"), context.Variables);
            request.Content = new StringContent(text, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(context.Get<string>("contentType"));
        }

        return request;
    }

    private static async Task<VariableValue?> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > MaxResponseBytes)
        {
            return null;
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxResponseBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return VariableValue.Null();
        }

        var text = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is not null && (mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal)))
        {
            try
            {
                using var _ = JsonDocument.Parse(text);
                return VariableValue.Json(text);
            }
            catch (JsonException)
            {
                return VariableValue.String(text);
            }
        }

        return VariableValue.String(text);
    }

    private static string Shown(HttpRequestMessage request)
    {
        var uri = request.RequestUri?.OriginalString ?? "";
        var query = uri.IndexOfAny(['?', '#']);
        return query < 0 ? uri : uri[..query] + "?…";
    }

    private static string? Describe(VariableValue body) => VariableTemplate.AsText(body) is { } text && text.Length > 0
        ? (text.Length > 4000 ? text[..4000] + "…" : text)
        : null;
}
