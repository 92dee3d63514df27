using Bptl.Grains.Interfaces.Services;

namespace Bptl.Grains.Services;

/// <summary>Gives each work unit run its view of the configured external services.</summary>
public interface IExternalServicesFactory
{
    /// <summary>The services of one run: credentials chosen by <see cref="ExternalServiceScope.AppId"/>, requests recorded on its timeline.</summary>
    IExternalServices Create(ExternalServiceScope scope);
}

/// <summary>Who is calling out.</summary>
/// <param name="AppId">The calling process's application (its <c>bptlAppId</c> variable), which picks the credentials; null for the service's default.</param>
/// <param name="Timeline">Where the requests are recorded.</param>
public sealed record ExternalServiceScope(string? AppId, ITaskTimeline Timeline);

/// <summary>The factory of a silo without configured services: every name is unknown.</summary>
public sealed class NoExternalServicesFactory : IExternalServicesFactory, IExternalServices
{
    /// <inheritdoc />
    public IExternalServices Create(ExternalServiceScope scope) => this;

    /// <inheritdoc />
    public HttpClient Http(string name) => throw new UnknownServiceException(name);
}
