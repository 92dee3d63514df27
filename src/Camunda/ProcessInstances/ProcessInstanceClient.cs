using System.Net.Http.Headers;
using Bptl.Camunda.Http;
using Bptl.Camunda.ProcessDefinitions;
using Bptl.Camunda.Serialization;
using Bptl.Variables;

namespace Bptl.Camunda.ProcessInstances;

/// <summary>The <c>/process-instance</c> endpoints: running instances and their variables.</summary>
public sealed class ProcessInstanceClient
{
    private static readonly CamundaJsonContext Json = CamundaJsonContext.Default;
    private readonly CamundaHttp _http;

    internal ProcessInstanceClient(CamundaHttp http) => _http = http;

    /// <summary>Gets a running instance; an ended one answers 404 (see the history).</summary>
    public Task<ProcessInstance> GetAsync(string processInstanceId, CancellationToken cancellationToken = default) =>
        _http.GetAsync(Path(processInstanceId), Json.ProcessInstance, cancellationToken);

    /// <summary>Lists running instances.</summary>
    public async Task<IReadOnlyList<ProcessInstance>> ListAsync(ProcessInstanceQuery? query = null, int? firstResult = null,
        int? maxResults = null, CancellationToken cancellationToken = default)
    {
        var path = new QueryString("process-instance")
            .Add("processInstanceIds", query?.ProcessInstanceIds)
            .Add("businessKey", query?.BusinessKey)
            .Add("processDefinitionKey", query?.ProcessDefinitionKey)
            .Add("processDefinitionId", query?.ProcessDefinitionId)
            .Add("firstResult", firstResult)
            .Add("maxResults", maxResults);
        return await _http.GetAsync(path.ToString(), Json.ListProcessInstance, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Cancels an instance and its external tasks (their later completes get 404).</summary>
    public Task DeleteAsync(string processInstanceId, bool skipCustomListeners = false, CancellationToken cancellationToken = default)
    {
        var path = new QueryString(Path(processInstanceId)).Add("skipCustomListeners", skipCustomListeners ? true : null).ToString();
        return _http.SendEmptyAsync(HttpMethod.Delete, path, RetrySafety.Idempotent, cancellationToken);
    }

    /// <summary>All variables visible on the instance; Object variables deserialized unless <paramref name="deserializeValues"/> is false.</summary>
    public async Task<VariableMap> GetVariablesAsync(string processInstanceId, bool deserializeValues = true, CancellationToken cancellationToken = default)
    {
        var path = new QueryString(Path(processInstanceId) + "/variables").Add("deserializeValues", deserializeValues).ToString();
        var variables = await _http.GetAsync(path, Json.VariableMap, cancellationToken).ConfigureAwait(false);
        AttachFileLoaders(processInstanceId, variables);
        return variables;
    }

    /// <summary>One variable; 404 when it does not exist.</summary>
    public async Task<VariableValue> GetVariableAsync(string processInstanceId, string name, bool deserializeValue = true,
        CancellationToken cancellationToken = default)
    {
        var path = new QueryString(VariablePath(processInstanceId, name)).Add("deserializeValue", deserializeValue).ToString();
        var value = await _http.GetAsync(path, Json.VariableValue, cancellationToken).ConfigureAwait(false);
        return value.Type == VariableType.File && value.Value is null ? WithLoader(processInstanceId, name, value) : value;
    }

    /// <summary>Sets one variable.</summary>
    public Task SetVariableAsync(string processInstanceId, string name, VariableValue value, CancellationToken cancellationToken = default) =>
        _http.SendAsync(HttpMethod.Put, VariablePath(processInstanceId, name), value, Json.VariableValue, RetrySafety.Idempotent, cancellationToken);

    /// <summary>Deletes one variable.</summary>
    public Task DeleteVariableAsync(string processInstanceId, string name, CancellationToken cancellationToken = default) =>
        _http.SendEmptyAsync(HttpMethod.Delete, VariablePath(processInstanceId, name), RetrySafety.Idempotent, cancellationToken);

    /// <summary>Sets and deletes variables in one call; sets apply before deletions.</summary>
    public Task ModifyVariablesAsync(string processInstanceId, VariableMap? modifications, IReadOnlyList<string>? deletions = null,
        CancellationToken cancellationToken = default) =>
        _http.SendAsync(HttpMethod.Post, Path(processInstanceId) + "/variables", new ModifyVariablesBody(modifications, deletions),
            Json.ModifyVariablesBody, RetrySafety.Idempotent, cancellationToken);

    /// <summary>The bytes of a Bytes or File variable, from its binary-data endpoint.</summary>
    public async Task<byte[]> GetVariableDataAsync(string processInstanceId, string name, CancellationToken cancellationToken = default)
    {
        using var response = await _http.SendAsync(HttpMethod.Get, VariablePath(processInstanceId, name) + "/data", null,
            RetrySafety.Idempotent, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sets a binary variable from bytes: a <c>File</c> when <paramref name="fileName"/> is given, otherwise <c>Bytes</c>.
    /// </summary>
    public Task SetVariableDataAsync(string processInstanceId, string name, byte[] data, string? fileName = null, string? mimeType = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(data);
        file.Headers.ContentType = new MediaTypeHeaderValue(mimeType ?? "application/octet-stream");
        form.Add(file, "data", fileName ?? "data");
        form.Add(new StringContent(fileName is null ? "Bytes" : "File"), "valueType");
        return SendFormAsync(VariablePath(processInstanceId, name) + "/data", form, cancellationToken);
    }

    /// <summary>
    /// <paramref name="variables"/> with a download from this process instance's binary-data endpoint attached to every
    /// File whose content the engine left out (a copy when there is any; the same map otherwise).
    /// </summary>
    public VariableMap WithFileContent(string processInstanceId, VariableMap variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        foreach (var value in variables.Values)
        {
            if (value.Type == VariableType.File && value.Value is null && !value.HasContentLoader)
            {
                var copy = new VariableMap(variables);
                AttachFileLoaders(processInstanceId, copy);
                return copy;
            }
        }

        return variables;
    }

    internal void AttachFileLoaders(string processInstanceId, VariableMap variables)
    {
        List<string>? files = null;
        foreach (var (name, value) in variables)
        {
            if (value.Type == VariableType.File && value.Value is null)
            {
                (files ??= []).Add(name);
            }
        }

        if (files is null)
        {
            return;
        }

        foreach (var name in files)
        {
            variables[name] = WithLoader(processInstanceId, name, variables[name]);
        }
    }

    private VariableValue WithLoader(string processInstanceId, string name, VariableValue value) =>
        value.WithContentLoader(async ct => new MemoryStream(await GetVariableDataAsync(processInstanceId, name, ct).ConfigureAwait(false), writable: false));

    private async Task SendFormAsync(string path, MultipartFormDataContent form, CancellationToken cancellationToken)
    {
        using var response = await _http.SendAsync(HttpMethod.Post, path, form, RetrySafety.Idempotent, cancellationToken).ConfigureAwait(false);
    }

    private static string Path(string processInstanceId) => "process-instance/" + QueryString.Segment(processInstanceId);

    private static string VariablePath(string processInstanceId, string name) =>
        $"{Path(processInstanceId)}/variables/{QueryString.Segment(name)}";
}
