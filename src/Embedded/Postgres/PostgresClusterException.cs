namespace Bptl.Embedded;

/// <summary>
/// A throwaway PostgreSQL cluster could not be located, initialised, started or stopped. The message
/// carries the failing tool's stderr (and the server log where there is one).
/// </summary>
public sealed class PostgresClusterException : Exception
{
    public PostgresClusterException()
    {
    }

    public PostgresClusterException(string message)
        : base(message)
    {
    }

    public PostgresClusterException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
