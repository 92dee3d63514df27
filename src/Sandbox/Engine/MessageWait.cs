using Bptl.Sandbox.Bpmn;
using Bptl.Sandbox.Variables;

namespace Bptl.Sandbox.Engine;

/// <summary>
/// An execution waiting for a message at a catch event or receive task: Camunda's message event subscription.
/// Both activities are scopes, so the wait has its own execution id and local variables, gone when it is left.
/// </summary>
internal sealed class MessageWait
{
    public required MessageCatchNode Node { get; init; }

    public required Execution Execution { get; init; }

    /// <summary>The id of the activity's own (scope) execution, the one correlation results name.</summary>
    public required string ExecutionId { get; init; }

    /// <summary>The local variables of the scope execution.</summary>
    public Dictionary<string, TypedValue> ScopeVariables { get; } = new(StringComparer.Ordinal);

    public ProcessInstance Instance => Execution.Instance;

    public string MessageName => Node.MessageName;
}

/// <summary>The active message waits by message name, each list in creation order. Changed only at commit.</summary>
internal sealed class MessageWaitIndex
{
    private readonly Dictionary<string, List<MessageWait>> _byName = new(StringComparer.Ordinal);

    public void Add(MessageWait wait)
    {
        if (!_byName.TryGetValue(wait.MessageName, out var waits))
        {
            waits = [];
            _byName[wait.MessageName] = waits;
        }

        waits.Add(wait);
    }

    public void Remove(MessageWait wait)
    {
        if (_byName.TryGetValue(wait.MessageName, out var waits) && waits.Remove(wait) && waits.Count == 0)
        {
            _byName.Remove(wait.MessageName);
        }
    }

    public IReadOnlyList<MessageWait> Named(string messageName) =>
        _byName.TryGetValue(messageName, out var waits) ? waits : [];
}
