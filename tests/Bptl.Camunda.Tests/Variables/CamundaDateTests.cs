using Bptl.Variables;

namespace Bptl.Camunda.Tests.Variables;

public sealed class CamundaDateTests
{
    [Theory]
    [InlineData(1, 0, "2016-01-25T13:33:42.165+0100")]
    [InlineData(-5, -30, "2016-01-25T13:33:42.165-0530")]
    [InlineData(0, 0, "2016-01-25T13:33:42.165+0000")]
    public void Format_WritesMillisecondsAndOffsetWithoutColon(int hours, int minutes, string expected)
    {
        var value = new DateTimeOffset(2016, 1, 25, 13, 33, 42, 165, new TimeSpan(hours, minutes, 0));

        CamundaDate.Format(value).ShouldBe(expected);
    }

    [Fact]
    public void Parse_RoundTripsTheInstantAndOffset()
    {
        var parsed = CamundaDate.Parse("2016-01-25T13:33:42.165+0100");

        parsed.ShouldBe(new DateTimeOffset(2016, 1, 25, 13, 33, 42, 165, TimeSpan.FromHours(1)));
        parsed.Offset.ShouldBe(TimeSpan.FromHours(1));
    }

    [Theory]
    [InlineData("2026-01-25T13:33:42.165+01:00")]
    [InlineData("2026-01-25T13:33:42+0100")]
    [InlineData("2026-01-25 13:33:42.165+0100")]
    [InlineData("")]
    [InlineData("not a date")]
    public void TryParse_RefusesWhatTheEngineRefuses(string text)
    {
        CamundaDate.TryParse(text, out _).ShouldBeFalse();
        Should.Throw<FormatException>(() => CamundaDate.Parse(text)).Message.ShouldContain("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    }
}
