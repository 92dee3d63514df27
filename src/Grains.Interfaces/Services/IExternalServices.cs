namespace Bptl.Grains.Interfaces.Services;

/// <summary>
/// The external services an admin configured (base URL, authentication, credentials), as a work unit reaches them.
/// Reach one through <see cref="WorkUnits.WorkUnitContext.Services"/>.
/// </summary>
public interface IExternalServices
{
    /// <summary>
    /// A client for the service named <paramref name="name"/>: its <see cref="HttpClient.BaseAddress"/> is the service's
    /// URL, its authentication is applied to every request (the credentials of the calling process's application,
    /// chosen by the process variable <c>bptlAppId</c>, or the service's default), and every request is recorded on the
    /// task's timeline. Do not dispose it.
    /// </summary>
    /// <exception cref="UnknownServiceException">No service has that name.</exception>
    /// <exception cref="ExternalServiceCredentialsException">
    /// The service needs credentials and has none for the calling application and no default, or they cannot be read.
    /// </exception>
    HttpClient Http(string name);
}

/// <summary>A work unit asked for a service no admin configured.</summary>
public sealed class UnknownServiceException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="serviceName"/>.</summary>
    public UnknownServiceException(string serviceName)
        : base($"No external service is named '{serviceName}'. Configure it (name, base URL, authentication) before a work unit uses it.")
    {
        ServiceName = serviceName;
    }

    /// <summary>Creates the exception with a message.</summary>
    public UnknownServiceException()
    {
        ServiceName = string.Empty;
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public UnknownServiceException(string message, Exception innerException)
        : base(message, innerException)
    {
        ServiceName = string.Empty;
    }

    /// <summary>The name asked for.</summary>
    public string ServiceName { get; }
}
