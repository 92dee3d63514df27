using Bptl.Services.Http;

namespace Bptl.Services.Tests.Unit;

public sealed class RedactionTests
{
    [Theory]
    [InlineData("https://x.example/a?q=1&apikey=K&password=P&page=2", "https://x.example/a?q=1&apikey=***&password=***&page=2")]
    [InlineData("https://user:pw@x.example/a", "https://x.example/a")]
    [InlineData("https://x.example/a?my%20key=S&x=1", "https://x.example/a?my%20key=***&x=1")]
    [InlineData("https://x.example/a?token", "https://x.example/a?token")]
    [InlineData("https://x.example:8443/a/b%20c?x=the-known-secret", "https://x.example:8443/a/b%20c?x=***")]
    public void Url_HidesSecretQueryValuesUserInfoAndKnownSecrets(string url, string expected) =>
        Redaction.Url(new Uri(url), ["the-known-secret"]).ShouldBe(expected);

    [Fact]
    public void JsonBody_HidesSecretNamedValues_OfAnyType()
    {
        var body = """{"apiKey": "k1", "nested": {"refresh_token":"r\"1"}, "Password": 1234, "ok": true, "list": ["secret"]}""";

        Redaction.Body(body, "application/json", []).ShouldBe(
            """{"apiKey": "***", "nested": {"refresh_token":"***"}, "Password": "***", "ok": true, "list": ["secret"]}""");
    }

    [Fact]
    public void XmlBody_HidesSecretNamedElements() =>
        Redaction.Body("<login><user>ann</user><password>p</password></login>", "application/xml", [])
            .ShouldBe("<login><user>ann</user><password>***</password></login>");

    [Fact]
    public void KnownSecrets_AreHiddenWhereverTheyAppear_AlsoEscaped()
    {
        Redaction.Known("a b+c/d and a%20b%2Bc%2Fd", ["a b+c/d"]).ShouldBe("*** and ***");
        Redaction.Known("abc", ["ab"]).ShouldBe("abc");
    }

    [Fact]
    public void Truncate_SaysHowLongTheWholeWas()
    {
        Redaction.Truncate("abcdef", 6).ShouldBe("abcdef");
        Redaction.Truncate("abcdefg", 3).ShouldBe("abc… (truncated: 7 characters in all)");
    }

    [Theory]
    [InlineData("api_key", true)]
    [InlineData("X-Auth", true)]
    [InlineData("sig", true)]
    [InlineData("signal", false)]
    [InlineData("page", false)]
    public void SecretNames(string name, bool secret) => Redaction.IsSecretName(name).ShouldBe(secret);
}
