using Bptl.Sandbox.Contracts;
using Bptl.Sandbox.Variables;

namespace Bptl.Sandbox.Engine;

/// <summary>One correlation result, built under the engine lock after the commit.</summary>
internal sealed record CorrelationResult(string ResultType, ExecutionDto? Execution, ProcessInstanceDto? ProcessInstance, VariableMapOutput? Variables);

/// <summary>
/// Message correlation as Camunda's CorrelateMessageCmd / CorrelateAllMessageCmd with the
/// DefaultCorrelationHandler: waiting executions first, start messages when none waits; one transaction for
/// everything a call triggers.
/// </summary>
internal sealed class MessageService
{
    private const string MismatchPrefix = "org.camunda.bpm.engine.MismatchingMessageCorrelationException: ";

    private readonly EngineContext _context;
    private readonly EngineState _state;
    private readonly ProcessRunner _runner;
    private readonly RuntimeService _runtime;

    public MessageService(EngineContext context, ProcessRunner runner, RuntimeService runtime)
    {
        _context = context;
        _state = context.State;
        _runner = runner;
        _runtime = runtime;
    }

    public List<CorrelationResult> Correlate(MessageCorrelation correlation)
    {
        if (correlation.ProcessInstanceId is not null && correlation.IsTenantIdSet)
        {
            throw Errors.BadUserRequest("ENGINE-13028 Cannot specify a tenant-id when correlate a message to a single process instance.");
        }

        correlation.CheckQueryable();
        var tx = new EngineTransaction();
        List<CorrelationResult> results;
        lock (_state.Gate)
        {
            var (waits, starts) = Select(correlation);
            var started = new List<ProcessInstance>(starts.Count);
            try
            {
                foreach (var wait in waits)
                {
                    // An earlier correlation of this call may have moved or ended the execution.
                    if (ReferenceEquals(wait.Execution.Wait, wait) && !wait.Instance.IsEnded)
                    {
                        _runner.ReceiveMessage(wait, correlation.ProcessVariables, correlation.ProcessVariablesLocal, tx);
                    }
                }

                foreach (var start in starts)
                {
                    started.Add(_runtime.Instantiate(start.Definition, start.StartEvent, correlation.BusinessKey, StartVariables(correlation), tx));
                }

                tx.Commit();
            }
            catch
            {
                tx.Rollback();
                throw;
            }

            results = new List<CorrelationResult>(waits.Count + started.Count);
            results.AddRange(waits.Select(w => ExecutionResult(w, correlation.VariablesInResult)));
            results.AddRange(started.Select(i => StartResult(i, correlation.VariablesInResult)));
        }

        _context.NotifyIfAvailable(tx);
        return results;
    }

    /// <summary>What the message reaches; without <c>all</c> exactly one target or Camunda's mismatch errors.</summary>
    private (List<MessageWait> Waits, List<StartMessageTarget> Starts) Select(MessageCorrelation correlation)
    {
        var waits = _state.MessageWaits.Named(correlation.MessageName).Where(correlation.Matches).ToList();
        if (correlation.All)
        {
            return (waits, StartTargets(correlation));
        }

        if (waits.Count > 1)
        {
            throw Mismatch("ENGINE-13031 Cannot correlate a message with name '" + correlation.MessageName + "' to a single execution. "
                + waits.Count + " executions match the correlation keys: " + correlation.DescribeCorrelationSet());
        }

        if (waits.Count == 1)
        {
            return (waits, []);
        }

        var starts = StartTargets(correlation);
        if (starts.Count > 1)
        {
            throw Mismatch("ENGINE-13030 Cannot correlate a message with name '" + correlation.MessageName + "' to a single process definition. "
                + starts.Count + " process definitions match the correlations keys: " + correlation.DescribeCorrelationSet());
        }

        if (starts.Count == 0)
        {
            throw Mismatch("Cannot correlate message '" + correlation.MessageName + "': No process definition or execution matches the parameters");
        }

        return ([], starts);
    }

    /// <summary>The message start events of the latest version of every key (per tenant), like Camunda's start subscriptions.</summary>
    private List<StartMessageTarget> StartTargets(MessageCorrelation correlation)
    {
        var latest = new Dictionary<(string Key, string? Tenant), ProcessDefinition>();
        foreach (var definition in _state.Definitions.Values)
        {
            var slot = (definition.Key, definition.TenantId);
            if (!latest.TryGetValue(slot, out var current) || definition.Version > current.Version)
            {
                latest[slot] = definition;
            }
        }

        var targets = new List<StartMessageTarget>();
        foreach (var definition in latest.Values.OrderBy(d => d.Key, StringComparer.Ordinal).ThenBy(d => d.TenantId, StringComparer.Ordinal))
        {
            if (!correlation.MatchesStart(definition))
            {
                continue;
            }

            foreach (var start in definition.Model.MessageStartEvents)
            {
                if (string.Equals(start.MessageName, correlation.MessageName, StringComparison.Ordinal))
                {
                    targets.Add(new StartMessageTarget(definition, start));
                }
            }
        }

        return targets;
    }

    /// <summary>A start message sets both variable maps on the new instance (Camunda's resolveStartVariables).</summary>
    private static Dictionary<string, TypedValue>? StartVariables(MessageCorrelation correlation)
    {
        if (correlation.ProcessVariablesLocal is null)
        {
            return correlation.ProcessVariables;
        }

        var merged = new Dictionary<string, TypedValue>(correlation.ProcessVariables ?? [], StringComparer.Ordinal);
        foreach (var (name, value) in correlation.ProcessVariablesLocal)
        {
            merged[name] = value;
        }

        return merged;
    }

    /// <summary>
    /// The execution is the activity's scope execution, which ended when the message moved the token on; the
    /// variables are the process instance's.
    /// </summary>
    private CorrelationResult ExecutionResult(MessageWait wait, bool withVariables)
    {
        var instance = wait.Instance;
        var execution = new ExecutionDto { Id = wait.ExecutionId, ProcessInstanceId = instance.Id, Ended = true, TenantId = instance.TenantId };
        return new CorrelationResult("Execution", execution, null, withVariables ? Variables(instance) : null);
    }

    private CorrelationResult StartResult(ProcessInstance instance, bool withVariables)
    {
        var dto = DtoMapper.Instance(instance, string.Empty);
        dto.Links = [];
        return new CorrelationResult("ProcessDefinition", null, dto, withVariables ? Variables(instance) : null);
    }

    private VariableMapOutput Variables(ProcessInstance instance) =>
        new([.. instance.Variables], deserializeValues: false, _context.Zone);

    private static EngineError Mismatch(string message) => Errors.RestFromEngine(400, MismatchPrefix + message);
}
