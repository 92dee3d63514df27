using Bptl.Camunda.Http;
using Bptl.Camunda.ProcessInstances;
using Bptl.Camunda.Serialization;

namespace Bptl.Camunda.Messages;

/// <summary>The <c>/message</c> endpoint: message correlation.</summary>
/// <remarks>
/// A correlation is not retried after an attempt whose outcome is unknown (a timeout, a dropped connection, a
/// 502/503/504): the first attempt may have moved the token or started an instance, and a second one would then
/// fail with "no match" or, worse, start a second instance. It is retried only when the engine certainly did not
/// run it (the connection was refused, or the engine rolled back on optimistic locking).
/// </remarks>
public sealed class MessageClient
{
    private static readonly CamundaJsonContext Json = CamundaJsonContext.Default;
    private readonly CamundaHttp _http;
    private readonly ProcessInstanceClient _processInstances;

    internal MessageClient(CamundaHttp http, ProcessInstanceClient processInstances)
    {
        _http = http;
        _processInstances = processInstances;
    }

    /// <summary>
    /// Correlates a message. Returns what it reached when <see cref="CorrelateMessageRequest.ResultEnabled"/> is set,
    /// else an empty list.
    /// </summary>
    /// <exception cref="ArgumentException">Both a tenant filter and <see cref="CorrelateMessageRequest.WithoutTenantId"/>, or
    /// <see cref="CorrelateMessageRequest.VariablesInResultEnabled"/> without <see cref="CorrelateMessageRequest.ResultEnabled"/>
    /// (the engine refuses both).</exception>
    /// <exception cref="Errors.CamundaMessageCorrelationException">Nothing matched, or (without
    /// <see cref="CorrelateMessageRequest.All"/>) more than one execution or definition did.</exception>
    public async Task<IReadOnlyList<MessageCorrelationResult>> CorrelateAsync(CorrelateMessageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.MessageName, nameof(request));
        if (request.TenantId is not null && request.WithoutTenantId)
        {
            throw new ArgumentException("TenantId and WithoutTenantId cannot be used together.", nameof(request));
        }

        if (request.VariablesInResultEnabled && !request.ResultEnabled)
        {
            throw new ArgumentException("VariablesInResultEnabled needs ResultEnabled.", nameof(request));
        }

        if (!request.ResultEnabled)
        {
            await _http.SendAsync(HttpMethod.Post, "message", request, Json.CorrelateMessageRequest, RetrySafety.NotIdempotent, cancellationToken)
                .ConfigureAwait(false);
            return [];
        }

        var results = await _http.SendAsync(HttpMethod.Post, "message", request, Json.CorrelateMessageRequest,
            Json.ListMessageCorrelationResult, RetrySafety.NotIdempotent, cancellationToken).ConfigureAwait(false);
        foreach (var result in results)
        {
            if (result.Variables is { } variables && result.ProcessInstanceId is { } instance)
            {
                _processInstances.AttachFileLoaders(instance, variables);
            }
        }

        return results;
    }
}
