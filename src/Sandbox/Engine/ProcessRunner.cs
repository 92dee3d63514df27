using Bptl.Sandbox.Bpmn;
using Bptl.Sandbox.Variables;
using Microsoft.Extensions.Logging;

namespace Bptl.Sandbox.Engine;

/// <summary>
/// Moves executions through a process graph until each one waits (external task, parallel join)
/// or ends. Runs inside an <see cref="EngineTransaction"/>: every change to instance state can be
/// undone, index changes are applied at commit. Work is queued on an agenda instead of recursing,
/// so long chains of pass-through elements cannot overflow the stack.
/// </summary>
internal sealed partial class ProcessRunner
{
    private readonly EngineContext _context;
    private readonly ILogger _logger;

    public ProcessRunner(EngineContext context)
    {
        _context = context;
        _logger = context.LoggerFactory.CreateLogger<ProcessRunner>();
    }

    /// <summary>Runs a new instance from <paramref name="start"/> (the initial or a message start event).</summary>
    public void Start(ProcessInstance instance, StartEventNode start, EngineTransaction tx)
    {
        var root = new Execution { Id = instance.Id, Instance = instance };
        instance.Executions.Add(root);
        var agenda = new Queue<(Execution, FlowNode)>();
        agenda.Enqueue((root, start));
        Run(agenda, tx);
    }

    /// <summary>Completes the task's activity and continues along its outgoing flows.</summary>
    public void LeaveTask(ExternalTask task, EngineTransaction tx)
    {
        DetachTask(task, tx, completed: true);
        var agenda = new Queue<(Execution, FlowNode)>();
        Leave(task.Execution, task.Node, task.ScopeVariables, agenda, tx);
        Run(agenda, tx);
    }

    /// <summary>
    /// Throws a BPMN error at the task: a matching error boundary event (or a catch-all one) takes
    /// over; without one the execution ends without taking outgoing flows (Camunda's default).
    /// </summary>
    public void ThrowBpmnError(ExternalTask task, string? errorCode, string? errorMessage, EngineTransaction tx)
    {
        var execution = task.Execution;
        var boundary = FindBoundary(task.Node, errorCode);
        DetachTask(task, tx);
        if (boundary is null)
        {
            LogUncaughtError(_logger, task.Node.Id, errorCode);
            EndExecution(execution, tx);
            return;
        }

        if (boundary.ErrorCodeVariable is { } codeVariable)
        {
            VariableScopes.SetNonLocal(tx, execution, null, codeVariable, TypedValue.String(errorCode));
        }

        if (boundary.ErrorMessageVariable is { } messageVariable)
        {
            VariableScopes.SetNonLocal(tx, execution, null, messageVariable, TypedValue.String(errorMessage));
        }

        var agenda = new Queue<(Execution, FlowNode)>();
        agenda.Enqueue((execution, boundary));
        Run(agenda, tx);
    }

    /// <summary>Ends the instance from outside (DELETE): its tasks and incidents are deleted.</summary>
    public void Cancel(ProcessInstance instance, EngineTransaction tx)
    {
        foreach (var execution in instance.Executions.ToArray())
        {
            DetachWaitStates(execution, tx);
        }

        instance.Executions.Clear();
        instance.JoinArrivals.Clear();
        EndInstance(instance, HistoricStates.ExternallyTerminated, tx);
    }

    private static ErrorBoundaryEventNode? FindBoundary(ExternalTaskNode node, string? errorCode)
    {
        ErrorBoundaryEventNode? catchAll = null;
        foreach (var boundary in node.ErrorBoundaries)
        {
            if (boundary.ErrorCode is null)
            {
                catchAll ??= boundary;
            }
            else if (string.Equals(boundary.ErrorCode, errorCode, StringComparison.Ordinal))
            {
                return boundary;
            }
        }

        return catchAll;
    }

    private void Run(Queue<(Execution Execution, FlowNode Node)> agenda, EngineTransaction tx)
    {
        while (agenda.TryDequeue(out var step))
        {
            if (step.Execution.Instance.IsEnded || !step.Execution.Instance.Executions.Contains(step.Execution))
            {
                continue;
            }

            Execute(step.Execution, step.Node, agenda, tx);
        }
    }

    private void Execute(Execution execution, FlowNode node, Queue<(Execution, FlowNode)> agenda, EngineTransaction tx)
    {
        MoveTo(execution, node, tx);
        switch (node)
        {
            case EndEventNode { Kind: EndEventKind.Terminate }:
                Terminate(execution.Instance, tx);
                break;
            case EndEventNode:
                // An error end event nothing can catch behaves like a none end event.
                EndExecution(execution, tx);
                break;
            case ExternalTaskNode taskNode:
                CreateTask(execution, taskNode, tx);
                break;
            case MessageCatchNode catchNode:
                CreateWait(execution, catchNode, tx);
                break;
            case ExclusiveGatewayNode gateway:
                TakeExclusive(execution, gateway, agenda, tx);
                break;
            case ParallelGatewayNode gateway:
                JoinOrFork(execution, gateway, agenda, tx);
                break;
            default:
                Leave(execution, node, null, agenda, tx);
                break;
        }
    }

    private static void MoveTo(Execution execution, FlowNode node, EngineTransaction tx)
    {
        var previous = execution.Current;
        tx.OnRollback(() => execution.Current = previous);
        execution.Current = node;
    }

    /// <summary>Takes every outgoing flow whose condition holds (the default flow if none does).</summary>
    private void Leave(Execution execution, FlowNode node, Dictionary<string, TypedValue>? taskScope, Queue<(Execution, FlowNode)> agenda, EngineTransaction tx)
    {
        var outgoing = node.Outgoing;
        if (outgoing.Count == 0)
        {
            EndExecution(execution, tx);
            return;
        }

        if (outgoing.Count == 1 && outgoing[0].Condition is null)
        {
            agenda.Enqueue((execution, outgoing[0].Target));
            return;
        }

        ScopeResolver? resolver = null;
        var selected = new List<SequenceFlow>(outgoing.Count);
        SequenceFlow? defaultFlow = null;
        foreach (var flow in outgoing)
        {
            if (string.Equals(flow.Id, node.DefaultFlowId, StringComparison.Ordinal))
            {
                defaultFlow = flow;
            }
            else if (flow.Condition is null
                || ExpressionEvaluation.EvaluateCondition(flow.Condition, resolver ??= new ScopeResolver(tx, execution, taskScope)))
            {
                selected.Add(flow);
            }
        }

        if (selected.Count == 0)
        {
            if (defaultFlow is null)
            {
                throw Stuck(node);
            }

            selected.Add(defaultFlow);
        }

        TakeAll(execution, selected, agenda, tx);
    }

    private static void TakeExclusive(Execution execution, ExclusiveGatewayNode gateway, Queue<(Execution, FlowNode)> agenda, EngineTransaction tx)
    {
        ScopeResolver? resolver = null;
        SequenceFlow? defaultFlow = null;
        foreach (var flow in gateway.Outgoing)
        {
            if (string.Equals(flow.Id, gateway.DefaultFlowId, StringComparison.Ordinal))
            {
                defaultFlow = flow;
            }
            else if (flow.Condition is null
                || ExpressionEvaluation.EvaluateCondition(flow.Condition, resolver ??= new ScopeResolver(tx, execution, null)))
            {
                agenda.Enqueue((execution, flow.Target));
                return;
            }
        }

        if (defaultFlow is null)
        {
            throw Stuck(gateway);
        }

        agenda.Enqueue((execution, defaultFlow.Target));
    }

    private void JoinOrFork(Execution execution, ParallelGatewayNode gateway, Queue<(Execution, FlowNode)> agenda, EngineTransaction tx)
    {
        if (gateway.Incoming.Count > 1)
        {
            var joins = execution.Instance.JoinArrivals;
            if (!joins.TryGetValue(gateway.Id, out var arrived))
            {
                arrived = [];
                joins[gateway.Id] = arrived;
                tx.OnRollback(() => joins.Remove(gateway.Id));
            }

            arrived.Add(execution);
            tx.OnRollback(() => arrived.Remove(execution));
            if (arrived.Count < gateway.Incoming.Count)
            {
                return;
            }

            var survivor = arrived[0];
            foreach (var joined in arrived.ToArray())
            {
                if (!ReferenceEquals(joined, survivor))
                {
                    RemoveExecution(joined, tx);
                }
            }

            // The last path left continues on the process-instance execution again.
            var instance = survivor.Instance;
            if (instance.Executions.Count == 1 && !survivor.IsRoot)
            {
                RemoveExecution(survivor, tx);
                survivor = new Execution { Id = instance.Id, Instance = instance };
                AddExecution(survivor, tx);
            }

            joins.Remove(gateway.Id);
            tx.OnRollback(() => joins[gateway.Id] = arrived);
            execution = survivor;
        }

        if (gateway.Outgoing.Count == 0)
        {
            EndExecution(execution, tx);
            return;
        }

        TakeAll(execution, gateway.Outgoing, agenda, tx);
    }

    /// <summary>
    /// Leaves along several flows. As in Camunda, the process-instance execution does not walk a
    /// branch itself: it waits as the scope and every branch gets a concurrent execution (with its
    /// own local variables). A concurrent execution takes the first flow and forks the rest.
    /// </summary>
    private static void TakeAll(Execution execution, List<SequenceFlow> flows, Queue<(Execution, FlowNode)> agenda, EngineTransaction tx)
    {
        if (flows.Count == 1)
        {
            agenda.Enqueue((execution, flows[0].Target));
            return;
        }

        var instance = execution.Instance;
        var first = 0;
        if (execution.IsRoot)
        {
            RemoveExecution(execution, tx);
        }
        else
        {
            agenda.Enqueue((execution, flows[0].Target));
            first = 1;
        }

        for (var i = first; i < flows.Count; i++)
        {
            var branch = new Execution { Id = EngineContext.NewId(), Instance = instance };
            AddExecution(branch, tx);
            agenda.Enqueue((branch, flows[i].Target));
        }
    }

    private static void AddExecution(Execution execution, EngineTransaction tx)
    {
        var executions = execution.Instance.Executions;
        executions.Add(execution);
        tx.OnRollback(() => executions.Remove(execution));
    }

    private void EndExecution(Execution execution, EngineTransaction tx)
    {
        RemoveExecution(execution, tx);
        if (execution.Instance.Executions.Count == 0)
        {
            EndInstance(execution.Instance, HistoricStates.Completed, tx);
        }
    }

    private static void RemoveExecution(Execution execution, EngineTransaction tx)
    {
        var executions = execution.Instance.Executions;
        var index = executions.IndexOf(execution);
        if (index >= 0)
        {
            executions.RemoveAt(index);
            tx.OnRollback(() => executions.Insert(Math.Min(index, executions.Count), execution));
        }
    }

    private void Terminate(ProcessInstance instance, EngineTransaction tx)
    {
        foreach (var execution in instance.Executions.ToArray())
        {
            DetachWaitStates(execution, tx);
            RemoveExecution(execution, tx);
        }

        EndInstance(instance, HistoricStates.Completed, tx);
    }

    private void EndInstance(ProcessInstance instance, string state, EngineTransaction tx)
    {
        instance.IsEnded = true;
        tx.OnRollback(() => instance.IsEnded = false);
        var now = _context.Now();
        var registry = _context.State;
        tx.OnCommit(() =>
        {
            registry.Instances.Remove(instance.Id);
            instance.History.EndTime = now;
            instance.History.State = state;
        });
    }

    private static EngineError Stuck(FlowNode node) => Errors.ProcessEngine(
        "ENGINE-02004 No outgoing sequence flow for the element with id '" + node.Id + "' could be selected for continuing the process.");

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug,
        Message = "Execution of activity '{ActivityId}' ends: no boundary event catches the BPMN error '{ErrorCode}'")]
    private static partial void LogUncaughtError(ILogger logger, string activityId, string? errorCode);
}
