namespace Bptl.Sandbox.Engine;

/// <summary>The error shapes the engine and its REST layer produce, named after their Java origin.</summary>
internal static class Errors
{
    /// <summary>A RestException that wraps a NotFoundException or BadUserRequestException (code 0).</summary>
    public static EngineError RestFromEngine(int status, string message) => new(status, "RestException", message, 0);

    /// <summary>A RestException raised by the REST layer itself (code null).</summary>
    public static EngineError Rest(int status, string message) => new(status, "RestException", message, null);

    public static EngineError InvalidRequest(int status, string message) => new(status, "InvalidRequestException", message, null);

    /// <summary>Malformed JSON or a field of the wrong type: 400 with an empty message.</summary>
    public static EngineError MalformedJson() => new(400, "InvalidRequestException", string.Empty, null);

    public static EngineError NullValue(string message) => new(500, "NullValueException", message, 0);

    public static EngineError MissingValue(string name) => NullValue(name + " is null");

    public static EngineError ProcessEngine(string message) => new(500, "ProcessEngineException", message, 0);

    public static EngineError BadUserRequest(string message) => new(400, "BadUserRequestException", message, 0);

    public static EngineError IllegalArgument(string message) => new(500, "IllegalArgumentException", message, null);

    public static EngineError NullPointer() => new(500, "NullPointerException", null, null);

    public static EngineError ExternalTaskNotFound(string id) =>
        RestFromEngine(404, "External task with id " + id + " does not exist");

    public static EngineError NotGreaterThanOrEqualZero(string name) =>
        ProcessEngine(name + " is not greater than or equal to 0");

    public static EngineError InvalidQueryParameter(string name, string value) =>
        InvalidRequest(400, "Cannot set query parameter '" + name + "' to value '" + value + "'");

    public static EngineError ProcessInstanceNotFound(string id) =>
        InvalidRequest(404, "Process instance with id " + id + " does not exist");

    public static string ExecutionMissing(string id) => "execution " + id + " doesn't exist: execution is null";
}
