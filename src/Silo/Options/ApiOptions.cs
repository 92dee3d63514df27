namespace Bptl.Silo.Options;

/// <summary>
/// The silo's direct-execution API (<c>POST /api/v1/work-units/{name}/execute</c>), served on the silo's HTTP endpoint
/// (<c>Bptl:Silo:HealthUrl</c>). Off while no key is configured: its routes answer 404.
/// </summary>
public sealed class ApiOptions
{
    /// <summary>
    /// The keys callers authenticate with (<c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Api-Key: &lt;key&gt;</c>), each
    /// with a name that the logs show instead of the key. Give the keys from secrets or the environment
    /// (<c>Bptl__Api__Keys__0__Key</c>), never from a committed file. Default none (the API is off).
    /// </summary>
    public List<ApiKeyOptions> Keys { get; set; } = [];

    /// <summary>The largest request body accepted; a larger one gets 413. Default 1 MiB.</summary>
    public int MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>How long a direct execution may run before the caller gets 504 and the run is cancelled. Default 100 s.</summary>
    public TimeSpan ExecutionTimeout { get; set; } = TimeSpan.FromSeconds(100);
}

/// <summary>One API key.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>Who holds the key (shown in logs). Required.</summary>
    public string? Name { get; set; }

    /// <summary>The secret: at least 16 characters. Required.</summary>
    public string? Key { get; set; }
}
