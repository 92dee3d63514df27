using System.Text.Json.Nodes;
using Bptl.Grains.Interfaces.Grains;
using Bptl.Grains.Persistence;
using Microsoft.Extensions.Logging;

namespace Bptl.Grains.Services;

/// <summary>The timeline of a task grain's activation, kept in its store; a write that fails is logged and dropped.</summary>
internal sealed partial class StoreTaskTimeline(ITaskStore store, TaskFence fence, TaskGrainKey task, ILogger logger) : ITaskTimeline
{
    public async Task RecordAsync(string kind, JsonObject detail, CancellationToken cancellationToken)
    {
        try
        {
            await store.AppendEventAsync(fence, kind, detail.ToJsonString(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogDropped(logger, task, kind, ex.Message);
        }
    }

    [LoggerMessage(EventId = 2020, Level = LogLevel.Warning, Message = "Task {Task}: a '{Kind}' timeline event was not recorded: {Error}")]
    private static partial void LogDropped(ILogger logger, TaskGrainKey task, string kind, string error);
}
