using Bptl.Sandbox.Engine;

namespace Bptl.Sandbox.Faults;

/// <summary>
/// Fault injection for tests: make the next calls of an endpoint fail with a Camunda-shaped error,
/// wait before they are handled, or lose their connection; pause the whole engine (an outage:
/// every request, pending long polls included, is aborted at the connection level) and resume it.
/// Rules for an endpoint are consumed in the order they were added.
/// </summary>
public sealed class SandboxFaults
{
    private readonly Queue<FaultRule>[] _rules;
    private readonly Lock _gate = new();
    private int _armed;
    private volatile bool _paused;

    internal SandboxFaults()
    {
        _rules = new Queue<FaultRule>[Enum.GetValues<SandboxEndpoint>().Length];
        for (var i = 0; i < _rules.Length; i++)
        {
            _rules[i] = new Queue<FaultRule>();
        }
    }

    /// <summary>Raised when the engine is paused, so waiting requests can be dropped.</summary>
    internal event Action? Paused;

    /// <summary>True between <see cref="Pause"/> and <see cref="Resume"/>.</summary>
    public bool IsPaused => _paused;

    internal bool HasRules => Volatile.Read(ref _armed) > 0;

    /// <summary>
    /// The next <paramref name="count"/> calls answer <paramref name="statusCode"/> with the body
    /// <c>{"type","message","code"}</c> instead of being handled.
    /// </summary>
    public void FailNext(
        SandboxEndpoint endpoint,
        int count = 1,
        int statusCode = 500,
        string type = "ProcessEngineException",
        string message = "Fault injected by the sandbox engine",
        int? code = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        Add(endpoint, new FaultRule(FaultKind.Fail, count) { StatusCode = statusCode, Type = type, Message = message, Code = code });
    }

    /// <summary>The next <paramref name="count"/> calls are handled normally after <paramref name="delay"/>.</summary>
    public void DelayNext(SandboxEndpoint endpoint, TimeSpan delay, int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        Add(endpoint, new FaultRule(FaultKind.Delay, count) { Delay = delay });
    }

    /// <summary>The next <paramref name="count"/> calls lose their connection without any response.</summary>
    public void DropNext(SandboxEndpoint endpoint, int count = 1) => Add(endpoint, new FaultRule(FaultKind.Drop, count));

    /// <summary>
    /// The next <paramref name="count"/> calls are carried out, then lose their connection before the answer is
    /// sent: the caller cannot tell whether the call took effect (a complete that landed but whose 204 was lost).
    /// </summary>
    public void DropAnswerNext(SandboxEndpoint endpoint, int count = 1) => Add(endpoint, new FaultRule(FaultKind.DropAnswer, count));

    /// <summary>
    /// The next <paramref name="count"/> calls are answered with <paramref name="body"/> as it is, without being handled:
    /// for testing how a client copes with answers a real engine could send (a malformed body, an unknown variable type).
    /// </summary>
    public void AnswerNext(SandboxEndpoint endpoint, int statusCode, string body, string contentType = "application/json", int count = 1)
    {
        ArgumentNullException.ThrowIfNull(body);
        Add(endpoint, new FaultRule(FaultKind.Answer, count) { StatusCode = statusCode, Body = body, ContentType = contentType });
    }

    /// <summary>Removes the rules of one endpoint.</summary>
    public void Clear(SandboxEndpoint endpoint)
    {
        lock (_gate)
        {
            var queue = _rules[(int)endpoint];
            Interlocked.Add(ref _armed, -queue.Count);
            queue.Clear();
        }
    }

    /// <summary>Removes every rule (the engine stays paused if it was).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            foreach (var queue in _rules)
            {
                queue.Clear();
            }

            Volatile.Write(ref _armed, 0);
        }
    }

    /// <summary>Starts an outage: requests are aborted until <see cref="Resume"/>; state is kept.</summary>
    public void Pause()
    {
        _paused = true;
        Paused?.Invoke();
    }

    /// <summary>Ends the outage.</summary>
    public void Resume() => _paused = false;

    internal FaultRule? TryTake(SandboxEndpoint endpoint)
    {
        lock (_gate)
        {
            var queue = _rules[(int)endpoint];
            if (!queue.TryPeek(out var rule))
            {
                return null;
            }

            rule.Remaining--;
            if (rule.Remaining <= 0)
            {
                queue.Dequeue();
                Interlocked.Decrement(ref _armed);
            }

            return rule;
        }
    }

    private void Add(SandboxEndpoint endpoint, FaultRule rule)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rule.Remaining, 1, "count");
        lock (_gate)
        {
            _rules[(int)endpoint].Enqueue(rule);
            Interlocked.Increment(ref _armed);
        }
    }
}

internal enum FaultKind
{
    Fail,
    Delay,
    Drop,
    DropAnswer,
    Answer,
}

internal sealed class FaultRule(FaultKind kind, int count)
{
    public FaultKind Kind { get; } = kind;

    public int Remaining { get; set; } = count;

    public int StatusCode { get; init; } = 500;

    public string Type { get; init; } = "ProcessEngineException";

    public string? Message { get; init; }

    public int? Code { get; init; }

    public TimeSpan Delay { get; init; }

    public string? Body { get; init; }

    public string? ContentType { get; init; }

    public EngineError ToError() => new(StatusCode, Type, Message, Code);
}
