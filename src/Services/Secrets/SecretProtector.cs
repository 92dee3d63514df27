using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bptl.Services.Options;
using Bptl.Storage.Services;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bptl.Services.Secrets;

/// <summary>
/// Encrypts and decrypts service secrets with ASP.NET Core Data Protection. The key ring lives in PostgreSQL and is
/// shared by every silo and the admin (one application name); Data Protection rotates the keys itself (every 90
/// days, new keys announced two days before use). It runs in a container of its own, so the host's Data Protection
/// (an admin's cookies, say) is neither changed by it nor changes it.
/// </summary>
public sealed partial class SecretProtector : IDisposable
{
    private const string Purpose = "Bptl.Services.Secrets.v1";
    private readonly ServiceProvider _container;
    private readonly IDataProtector _protector;
    private readonly KeyRingStore _keys;
    private readonly X509Certificate2? _certificate;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _ready;

    public SecretProtector(KeyRingStore keys, IOptions<ExternalServicesOptions> options, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        _keys = keys;
        _logger = loggerFactory.CreateLogger<SecretProtector>();
        var services = new ServiceCollection();
        services.AddSingleton(loggerFactory);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        var builder = services.AddDataProtection()
            .SetApplicationName(settings.ApplicationName)
            .AddKeyManagementOptions(k => k.XmlRepository = new PostgresXmlRepository(keys));
        if (settings.KeyCertificatePath is { } path)
        {
            _certificate = X509CertificateLoader.LoadPkcs12FromFile(path, settings.KeyCertificatePassword);
            builder.ProtectKeysWithCertificate(_certificate).UnprotectKeysWithAnyCertificate(_certificate);
        }

        _container = services.BuildServiceProvider();
        _protector = _container.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);
    }

    /// <summary>
    /// Loads the key ring, creating its first key if it has none, under a cluster-wide lock: silos starting together
    /// on an empty ring would otherwise each make and use a first key the others do not know yet. Call it before the
    /// first <see cref="Protect"/> or <see cref="TryUnprotect"/>; later calls return at once.
    /// </summary>
    public async ValueTask EnsureKeyRingAsync(CancellationToken cancellationToken)
    {
        if (_ready)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_ready)
            {
                return;
            }

            var held = await _keys.LockAsync(cancellationToken).ConfigureAwait(false);
            await using (held.ConfigureAwait(false))
            {
                _protector.Protect([]);
            }

            _ready = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The ciphertext of <paramref name="secret"/>.</summary>
    public string Protect(string secret) => _protector.Protect(secret);

    /// <summary>Decrypts <paramref name="ciphertext"/>; false (logged, without the ciphertext) when the key ring cannot.</summary>
    public bool TryUnprotect(string ciphertext, string what, out string secret)
    {
        try
        {
            secret = _protector.Unprotect(ciphertext);
            return true;
        }
        catch (CryptographicException ex)
        {
            LogUnreadable(_logger, what, ex.Message);
            secret = "";
            return false;
        }
    }

    public void Dispose()
    {
        _container.Dispose();
        _certificate?.Dispose();
        _gate.Dispose();
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning,
        Message = "The secret of {What} cannot be decrypted ({Error}): its Data Protection key is not in the key ring. Set it again.")]
    private static partial void LogUnreadable(ILogger logger, string what, string error);
}
