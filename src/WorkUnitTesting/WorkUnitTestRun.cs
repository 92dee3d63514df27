using System.Text.Json.Nodes;
using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Variables;

namespace Bptl.WorkUnitTesting;

/// <summary>What one <see cref="WorkUnitTestHost.RunAsync"/> saw.</summary>
public sealed record WorkUnitTestRun
{
    /// <summary>The work unit's result as reported (contract checks and context outputs applied).</summary>
    public required WorkUnitResult Result { get; init; }

    /// <summary>The process instance the task belonged to.</summary>
    public required string ProcessInstanceId { get; init; }

    /// <summary>
    /// After a completion or a BPMN error: the process variables as the next task of the process sees them (so
    /// outputs can be asserted end to end). Empty after a failure.
    /// </summary>
    public required VariableMap ProcessVariables { get; init; }

    /// <summary>After a failure: the incident the engine opened (its message), since the helper reports failures without retries.</summary>
    public string? IncidentMessage { get; init; }

    /// <summary>The events the run recorded on its timeline (for example each request made through an external service).</summary>
    public required IReadOnlyList<(string Kind, JsonObject Detail)> Timeline { get; init; }

    /// <summary>The checkpoint as the run left it (JSON), or null.</summary>
    public string? Checkpoint { get; init; }

    /// <summary>The completion's variables; throws when the run did not complete.</summary>
    public VariableMap Outputs => Result is CompleteResult complete
        ? complete.Variables
        : throw new InvalidOperationException($"The run did not complete: {Result}.");
}
