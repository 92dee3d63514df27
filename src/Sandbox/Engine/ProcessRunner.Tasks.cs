using System.Globalization;
using Bptl.Sandbox.Bpmn;
using Bptl.Sandbox.Variables;

namespace Bptl.Sandbox.Engine;

/// <summary>Creating and removing external tasks on behalf of executions.</summary>
internal sealed partial class ProcessRunner
{
    private void CreateTask(Execution execution, ExternalTaskNode node, EngineTransaction tx)
    {
        var state = _context.State;
        var task = new ExternalTask
        {
            Id = EngineContext.NewId(),
            Sequence = state.NextSequence(),
            Node = node,
            Execution = execution,
            ExecutionId = node.IsScope ? EngineContext.NewId() : execution.Id,
            // Activity instance ids are only observable on wait states, so only they get one.
            ActivityInstanceId = node.Id + ":" + EngineContext.NewId(),
            CreateTime = _context.Now(),
            ScopeVariables = node.IsScope ? new Dictionary<string, TypedValue>(StringComparer.Ordinal) : null,
            Priority = EvaluatePriority(execution, node, tx),
        };
        execution.Task = task;
        tx.OnRollback(() => execution.Task = null);
        var now = _context.Now();
        tx.OnCommit(() =>
        {
            state.Tasks.Add(task);
            state.TaskLog.Record(task, ExternalTaskLogKind.Creation, now);
        });
        tx.TasksBecameAvailable = true;
    }

    /// <summary>
    /// Takes the task off its execution; at commit it leaves the index, its incidents go, and the log records a
    /// success (<paramref name="completed"/>) or a deletion.
    /// </summary>
    private void DetachTask(ExternalTask task, EngineTransaction tx, bool completed = false)
    {
        var execution = task.Execution;
        if (ReferenceEquals(execution.Task, task))
        {
            execution.Task = null;
            tx.OnRollback(() => execution.Task = task);
        }

        var state = _context.State;
        var now = _context.Now();
        tx.OnCommit(() =>
        {
            state.Tasks.Remove(task);
            state.RemoveIncidentsOf(task);
            state.TaskLog.Record(task, completed ? ExternalTaskLogKind.Success : ExternalTaskLogKind.Deletion, now);
        });
    }

    private static long EvaluatePriority(Execution execution, ExternalTaskNode node, EngineTransaction tx)
    {
        var expression = node.Priority ?? execution.Instance.Definition.Model.TaskPriority;
        if (expression is null)
        {
            return 0;
        }

        if (expression.IsLiteral)
        {
            return long.Parse(expression.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }

        return ExpressionEvaluation.Evaluate(expression, new ScopeResolver(tx, execution, null)) switch
        {
            long value => value,
            double value when Math.Floor(value) == value => (long)value,
            string text when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) => parsed,
            var other => throw Errors.ProcessEngine("Priority value is not an Integer: " + other),
        };
    }
}
