using System.Globalization;
using System.Text;

namespace Bptl.Camunda.Errors;

/// <summary>What is known about a failed request to the engine.</summary>
public sealed record CamundaErrorDetails
{
    /// <summary>The HTTP method.</summary>
    public required string Method { get; init; }

    /// <summary>The request path relative to the engine's base address, for example <c>external-task/abc/complete</c>.</summary>
    public required string Path { get; init; }

    /// <summary>The HTTP status, or null when no response arrived.</summary>
    public int? StatusCode { get; init; }

    /// <summary>The engine's error <c>type</c>.</summary>
    public string? EngineErrorType { get; init; }

    /// <summary>The engine's error <c>message</c>.</summary>
    public string? EngineMessage { get; init; }

    /// <summary>The engine's error <c>code</c>.</summary>
    public int? EngineErrorCode { get; init; }

    /// <summary>What went wrong when no engine answer explains it (timeout, connection failure, a body that is not JSON).</summary>
    public string? Reason { get; init; }

    /// <summary>How many attempts were made, counting this one.</summary>
    public int Attempts { get; init; } = 1;

    /// <summary>True when an earlier attempt of this call got no answer, so it may have been carried out.</summary>
    public bool EarlierAttemptUnanswered { get; init; }

    /// <summary>True when the request certainly did not reach the engine.</summary>
    public bool NotSent { get; init; }

    internal string Describe()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Camunda {Method} {Path} failed");
        if (StatusCode is { } status)
        {
            text.Append(CultureInfo.InvariantCulture, $" with {status}");
        }

        if (EngineErrorType is not null || EngineMessage is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $": {EngineErrorType}: {EngineMessage}");
            if (EngineErrorCode is { } code)
            {
                text.Append(CultureInfo.InvariantCulture, $" (code {code})");
            }
        }

        if (Reason is not null)
        {
            text.Append(": ").Append(Reason);
        }

        if (Attempts > 1)
        {
            text.Append(CultureInfo.InvariantCulture, $" after {Attempts} attempts");
        }

        return text.Append('.').ToString();
    }
}
