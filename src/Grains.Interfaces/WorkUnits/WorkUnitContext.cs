using Bptl.Variables;

namespace Bptl.Grains.Interfaces.WorkUnits;

/// <summary>What a work unit knows about the external task it runs for.</summary>
public sealed class WorkUnitContext
{
    /// <summary>The engine the task belongs to (its configured name).</summary>
    public required string Engine { get; init; }

    /// <summary>The external task's id in the engine.</summary>
    public required string TaskId { get; init; }

    /// <summary>The topic the task was queued under.</summary>
    public required string Topic { get; init; }

    /// <summary>The name of the work unit running.</summary>
    public required string WorkUnit { get; init; }

    /// <summary>The process instance.</summary>
    public string? ProcessInstanceId { get; init; }

    /// <summary>The process definition key.</summary>
    public string? ProcessDefinitionKey { get; init; }

    /// <summary>The BPMN element (activity) of the task.</summary>
    public string? ActivityId { get; init; }

    /// <summary>The process instance's business key.</summary>
    public string? BusinessKey { get; init; }

    /// <summary>The tenant, if any.</summary>
    public string? TenantId { get; init; }

    /// <summary>
    /// Which try this is: 1 for the first, one more after each failure Bptl reported with retries left. A rerun
    /// after a crash or a lost lock keeps the attempt: it is the same try, done again.
    /// </summary>
    public required int Attempt { get; init; }

    /// <summary>The engine's retries left before this run; null until the first failure.</summary>
    public int? RetriesLeft { get; init; }

    /// <summary>
    /// <c>{TaskId}/{Attempt}</c>: the same for every rerun of one try, different for the next try. Pass it to the
    /// services you call so that a rerun does not repeat a side effect.
    /// </summary>
    public string IdempotencyKey => TaskId + "/" + Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The task's variables as the engine sent them.</summary>
    public required VariableMap Variables { get; init; }

    /// <summary>The scope's services (a new scope per run).</summary>
    public required IServiceProvider Services { get; init; }
}
