using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Bptl.Sandbox.Auth;

/// <summary>
/// HTTP basic authentication as Camunda's ProcessEngineAuthenticationFilter does it: every REST
/// call but <c>GET /engine</c> needs valid credentials; otherwise 401 with
/// <c>WWW-Authenticate: Basic realm="default"</c> and no body.
/// </summary>
internal sealed class BasicAuthentication(string userName, string password)
{
    private readonly byte[] _expected = Encoding.UTF8.GetBytes(userName + ":" + password);

    public static bool IsExempt(HttpRequest request) =>
        HttpMethods.IsGet(request.Method)
        && (request.Path.Equals("/engine-rest/engine", StringComparison.Ordinal) || request.Path.Equals("/engine-rest/engine/", StringComparison.Ordinal));

    public bool IsAuthorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            return false;
        }

        var encoded = header.AsSpan(6).Trim();
        var buffer = new byte[((encoded.Length + 3) / 4) * 3];
        if (!Convert.TryFromBase64Chars(encoded, buffer, out var written))
        {
            return false;
        }

        var decoded = buffer.AsSpan(0, written);
        return decoded.IndexOf((byte)':') >= 0 && CryptographicOperations.FixedTimeEquals(decoded, _expected);
    }

    public static void Challenge(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.Headers.WWWAuthenticate = "Basic realm=\"default\"";
    }
}
