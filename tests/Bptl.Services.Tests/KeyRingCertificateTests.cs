using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bptl.Grains.Services;
using Bptl.Services.Tests.Support;
using Bptl.Testing;

namespace Bptl.Services.Tests;

public sealed class KeyRingCertificateTests(PostgresFixture postgres)
{
    [Fact]
    public async Task WithACertificate_TheStoredKeysAreEncrypted_AndEverySiloWithTheCertificateReadsTheSecrets()
    {
        var folder = Directory.CreateTempSubdirectory("bptl-cert-");
        try
        {
            var pfx = Path.Combine(folder.FullName, "keys.pfx");
            using (var rsa = RSA.Create(2048))
            {
                var request = new CertificateRequest("CN=bptl-test-keys", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
                await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "pfx-password"), TestContext.Current.CancellationToken);
            }

            await using var world = await World.CreateAsync(postgres);
            world.Service("zaken", "echo/", ("Auth", "Bearer"), ("Secret", "token-behind-a-certificate"));
            world.Configuration["Bptl:ExternalServices:KeyCertificatePath"] = pfx;
            world.Configuration["Bptl:ExternalServices:KeyCertificatePassword"] = "pfx-password";
            await world.StartHostAsync();

            var xml = await world.ScalarAsync<string>("SELECT xml FROM bptl_data_protection_key");
            xml.ShouldNotBeNull();
            xml.ShouldContain("EncryptedData");
            xml.ShouldNotContain("<value>");

            var second = await world.StartHostAsync();
            (await AuthTests.EchoAsync(second.Run(new MemoryTaskTimeline()).Http("zaken"), "x"))["headers"]!["authorization"]!.GetValue<string>()
                .ShouldBe("Bearer token-behind-a-certificate");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task WithoutACertificate_KeysAreStoredAsDataProtectionWritesThem()
    {
        await using var world = await World.CreateAsync(postgres);
        world.Service("zaken", "echo/", ("Auth", "Bearer"), ("Secret", "a-token"));
        await world.StartHostAsync();

        var xml = await world.ScalarAsync<string>("SELECT xml FROM bptl_data_protection_key");

        xml.ShouldNotBeNull();
        xml.ShouldStartWith("<key ");
        xml.ShouldContain("<masterKey");
    }
}
