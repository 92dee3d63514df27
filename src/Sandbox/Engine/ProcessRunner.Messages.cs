using Bptl.Sandbox.Bpmn;
using Bptl.Sandbox.Variables;

namespace Bptl.Sandbox.Engine;

/// <summary>Message waits: entering a catch event or receive task, and leaving it when a message arrives.</summary>
internal sealed partial class ProcessRunner
{
    /// <summary>
    /// Camunda's MessageEventReceivedCmd: the variables are set from the waiting scope (process semantics first,
    /// then local ones on the scope execution, which vanish with it), then the activity is left.
    /// </summary>
    public void ReceiveMessage(MessageWait wait, Dictionary<string, TypedValue>? variables, Dictionary<string, TypedValue>? localVariables,
        EngineTransaction tx)
    {
        var execution = wait.Execution;
        DetachWait(wait, tx);
        foreach (var (name, value) in variables ?? [])
        {
            VariableScopes.SetNonLocal(tx, execution, wait.ScopeVariables, name, value);
        }

        foreach (var (name, value) in localVariables ?? [])
        {
            VariableScopes.SetLocal(tx, execution, wait.ScopeVariables, name, value);
        }

        var agenda = new Queue<(Execution, FlowNode)>();
        Leave(execution, wait.Node, wait.ScopeVariables, agenda, tx);
        Run(agenda, tx);
    }

    private void CreateWait(Execution execution, MessageCatchNode node, EngineTransaction tx)
    {
        var wait = new MessageWait { Node = node, Execution = execution, ExecutionId = EngineContext.NewId() };
        execution.Wait = wait;
        tx.OnRollback(() => execution.Wait = null);
        var index = _context.State.MessageWaits;
        tx.OnCommit(() => index.Add(wait));
    }

    private void DetachWait(MessageWait wait, EngineTransaction tx)
    {
        var execution = wait.Execution;
        if (ReferenceEquals(execution.Wait, wait))
        {
            execution.Wait = null;
            tx.OnRollback(() => execution.Wait = wait);
        }

        var index = _context.State.MessageWaits;
        tx.OnCommit(() => index.Remove(wait));
    }

    /// <summary>Takes whatever the execution waits on off it (instance cancelled or terminated).</summary>
    private void DetachWaitStates(Execution execution, EngineTransaction tx)
    {
        if (execution.Task is { } task)
        {
            DetachTask(task, tx);
        }

        if (execution.Wait is { } wait)
        {
            DetachWait(wait, tx);
        }
    }
}
