using Bptl.Grains.Interfaces.Services;
using Bptl.Variables;
using Microsoft.Extensions.Logging;

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

    /// <summary>
    /// The task's variables as the engine sent them, plus the defaults of the optional inputs the work unit's
    /// contract declares and the process did not set.
    /// </summary>
    public required VariableMap Variables { get; init; }

    /// <summary>The external services an admin configured: <c>context.Services.Http("zaken")</c>.</summary>
    public required IExternalServices Services { get; init; }

    /// <summary>The run's dependency-injection scope (a new scope per run).</summary>
    public required IServiceProvider ServiceProvider { get; init; }

    /// <summary>The task grain's durable checkpoint: progress that survives retries, lost locks and silo crashes.</summary>
    public required IWorkUnitCheckpoint Checkpoint { get; init; }

    /// <summary>A logger whose scope names the task, topic, work unit and attempt.</summary>
    public required ILogger Logger { get; init; }

    /// <summary>Fires when the engine lock is lost or the silo stops; the same token the run was given.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>
    /// Variables to set with process semantics when the run completes or throws a BPMN error, in addition to those
    /// of the result (the result's win on a clash).
    /// </summary>
    public VariableMap Output { get; } = [];

    /// <summary>Variables to set on the task's execution when the run completes (the result's win on a clash).</summary>
    public VariableMap LocalOutput { get; } = [];

    /// <summary>Reads the required variable <paramref name="name"/> as <typeparamref name="T"/>.</summary>
    /// <exception cref="VariableTypeException">It is missing or has another type; the message names the variable and the expected type.</exception>
    public T Get<T>(string name) => Variables.Get<T>(name);

    /// <summary>Reads the optional variable <paramref name="name"/>, or returns <paramref name="defaultValue"/> when it is missing.</summary>
    /// <exception cref="VariableTypeException">It exists with another type.</exception>
    public T GetOrDefault<T>(string name, T defaultValue) => Variables.GetOrDefault(name, defaultValue);

    /// <summary>Tries to read <paramref name="name"/> as <typeparamref name="T"/>; false when it is missing or has another type.</summary>
    public bool TryGet<T>(string name, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out T value) => Variables.TryGet(name, out value);

    /// <summary>
    /// Opens the content of the File (or Bytes) variable <paramref name="name"/> as a stream; a File fetched from the
    /// engine is downloaded from its binary-data endpoint only now.
    /// </summary>
    /// <exception cref="VariableTypeException">It is missing or is not a File or Bytes variable.</exception>
    public Task<Stream> OpenFileAsync(string name, CancellationToken cancellationToken)
    {
        if (!Variables.TryGetValue(name, out var value))
        {
            throw new VariableTypeException($"The variable '{name}' is missing (expected File).") { VariableName = name, Expected = typeof(Stream) };
        }

        if (value.Type is not (VariableType.File or VariableType.Bytes))
        {
            throw new VariableTypeException($"The variable '{name}' cannot be read as File: it is {value.TypeName}.")
            {
                VariableName = name,
                Expected = typeof(Stream),
                Actual = value.TypeName,
            };
        }

        return value.OpenContentAsync(cancellationToken);
    }
}
