using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Grains.Services;
using Bptl.Variables;

namespace Bptl.Grains.Execution;

/// <summary>Everything one run of a work unit needs, whether it runs for an engine task, a direct execution or a cron tick.</summary>
public sealed record WorkUnitRunRequest
{
    /// <summary>The engine the task belongs to (for a direct execution or a cron tick: <c>direct</c> or <c>cron</c>).</summary>
    public required string Engine { get; init; }

    /// <summary>The task's id (or the execution's).</summary>
    public required string TaskId { get; init; }

    /// <summary>The topic (or the route the run came through).</summary>
    public required string Topic { get; init; }

    /// <summary>Which try this is.</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>The engine's retries left.</summary>
    public int? RetriesLeft { get; init; }

    /// <summary>The process instance.</summary>
    public string? ProcessInstanceId { get; init; }

    /// <summary>The process definition key.</summary>
    public string? ProcessDefinitionKey { get; init; }

    /// <summary>The BPMN activity.</summary>
    public string? ActivityId { get; init; }

    /// <summary>The business key.</summary>
    public string? BusinessKey { get; init; }

    /// <summary>The tenant.</summary>
    public string? TenantId { get; init; }

    /// <summary>The variables.</summary>
    public required VariableMap Variables { get; init; }

    /// <summary>Where the run keeps its progress.</summary>
    public required IWorkUnitCheckpoint Checkpoint { get; init; }

    /// <summary>Where external requests are recorded.</summary>
    public required ITaskTimeline Timeline { get; init; }

    /// <summary>When set, a contract violation is thrown as a BPMN error with this code instead of a failure.</summary>
    public string? ContractErrorCode { get; init; }
}
