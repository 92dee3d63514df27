using System.Text.Json;
using Bptl.Camunda;

namespace Bptl.Demo.Engine;

/// <summary>What the engine says about the demo's instances: finished, running, and open incidents.</summary>
internal sealed class EngineCounts(HttpClient http, CamundaClient client)
{
    public async Task<(long Finished, long Running, long Incidents)> ReadAsync(CancellationToken cancellationToken)
    {
        var finished = await CountAsync("finished=true", cancellationToken);
        var running = await CountAsync("unfinished=true", cancellationToken);
        var incidents = await client.Incidents.CountAsync(cancellationToken: cancellationToken);
        return (finished, running, incidents);
    }

    // The client has no history count; engine-rest's count endpoint answers {"count": n}.
    private async Task<long> CountAsync(string filter, CancellationToken cancellationToken)
    {
        var path = $"history/process-instance/count?processDefinitionKey={DemoProcessModel.Key}&{filter}";
        await using var body = await http.GetStreamAsync(new Uri(path, UriKind.Relative), cancellationToken);
        using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        return json.RootElement.GetProperty("count").GetInt64();
    }
}
