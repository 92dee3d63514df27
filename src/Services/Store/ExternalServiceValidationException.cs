namespace Bptl.Services.Store;

/// <summary>A service or credential given to the store is not valid; <see cref="Failures"/> lists every problem (never a secret).</summary>
public sealed class ExternalServiceValidationException : ArgumentException
{
    public ExternalServiceValidationException(IReadOnlyList<string> failures)
        : base(string.Join(" ", failures ?? []))
    {
        Failures = failures ?? [];
    }

    public ExternalServiceValidationException()
    {
        Failures = [];
    }

    public ExternalServiceValidationException(string message)
        : base(message)
    {
        Failures = [message];
    }

    public ExternalServiceValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Failures = [message];
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<string> Failures { get; }
}
