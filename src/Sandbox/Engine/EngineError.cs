namespace Bptl.Sandbox.Engine;

/// <summary>
/// An error exactly as Camunda puts it on the wire: HTTP status, the simple Java class name in
/// <c>type</c>, the message and the engine exception <c>code</c> (0 when the cause is a
/// ProcessEngineException, null otherwise).
/// </summary>
internal sealed class EngineError : Exception
{
    public EngineError()
        : this(500, "ProcessEngineException", null, 0)
    {
    }

    public EngineError(string message)
        : this(500, "ProcessEngineException", message, 0)
    {
    }

    public EngineError(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = 500;
        Type = "ProcessEngineException";
        WireMessage = message;
        Code = 0;
    }

    public EngineError(int status, string type, string? message, int? code)
        : base(message ?? type)
    {
        Status = status;
        Type = type;
        WireMessage = message;
        Code = code;
    }

    public int Status { get; }

    public string Type { get; }

    /// <summary>The message as sent; null only where Camunda sends null (e.g. a bare NullPointerException).</summary>
    public string? WireMessage { get; }

    public int? Code { get; }

    /// <summary>Extra payload for a ParseException body (<c>details</c>), or null.</summary>
    public object? Details { get; init; }
}
