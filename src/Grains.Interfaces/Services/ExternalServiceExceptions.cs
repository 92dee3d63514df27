namespace Bptl.Grains.Interfaces.Services;

/// <summary>
/// A service needs credentials that are not there for the calling application: it has none for the application
/// (process variable <c>bptlAppId</c>) and no default, or the stored ones cannot be decrypted. Retrying does not help
/// until an admin sets them.
/// </summary>
public sealed class ExternalServiceCredentialsException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="serviceName"/> and <paramref name="appId"/>.</summary>
    public ExternalServiceCredentialsException(string serviceName, string? appId, string message)
        : base(message)
    {
        ServiceName = serviceName;
        AppId = appId;
    }

    /// <summary>Creates the exception.</summary>
    public ExternalServiceCredentialsException()
    {
        ServiceName = string.Empty;
    }

    /// <summary>Creates the exception with a message.</summary>
    public ExternalServiceCredentialsException(string message)
        : base(message)
    {
        ServiceName = string.Empty;
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ExternalServiceCredentialsException(string message, Exception innerException)
        : base(message, innerException)
    {
        ServiceName = string.Empty;
    }

    /// <summary>The service.</summary>
    public string ServiceName { get; }

    /// <summary>The calling application, or null when the process names none.</summary>
    public string? AppId { get; }
}

/// <summary>
/// A request to an external service could not be authenticated because its OAuth2 token endpoint failed (refused
/// the client credentials, answered something that is not a token, or could not be reached). The request itself
/// was not sent. The message names the service and what the endpoint said, never a secret.
/// </summary>
public sealed class ExternalServiceAuthenticationException : HttpRequestException
{
    /// <summary>Creates the exception for <paramref name="serviceName"/>.</summary>
    public ExternalServiceAuthenticationException(string serviceName, string message, System.Net.HttpStatusCode? tokenEndpointStatus,
        Exception? innerException)
        : base(message, innerException, tokenEndpointStatus)
    {
        ServiceName = serviceName;
    }

    /// <summary>Creates the exception.</summary>
    public ExternalServiceAuthenticationException()
    {
        ServiceName = string.Empty;
    }

    /// <summary>Creates the exception with a message.</summary>
    public ExternalServiceAuthenticationException(string message)
        : base(message)
    {
        ServiceName = string.Empty;
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ExternalServiceAuthenticationException(string message, Exception innerException)
        : base(message, innerException)
    {
        ServiceName = string.Empty;
    }

    /// <summary>The service.</summary>
    public string ServiceName { get; }
}
