using Bptl.Sandbox.Time;
using Bptl.Sandbox.Variables;

namespace Bptl.Sandbox.Tests.Unit;

public sealed class FormatTests
{
    private static readonly TimeZoneInfo PlusOne = TimeZoneInfo.CreateCustomTimeZone("plus-one", TimeSpan.FromHours(1), "plus-one", "plus-one");
    private static readonly TimeZoneInfo MinusFiveThirty = TimeZoneInfo.CreateCustomTimeZone("m530", new TimeSpan(-5, -30, 0), "m530", "m530");

    [Fact]
    public void FormatDate_UsesMillisAndRfc822Offset()
    {
        var instant = new DateTimeOffset(2026, 1, 25, 12, 33, 42, 165, TimeSpan.Zero);

        CamundaDateFormat.Format(instant, PlusOne).ShouldBe("2026-01-25T13:33:42.165+0100");
        CamundaDateFormat.Format(instant, MinusFiveThirty).ShouldBe("2026-01-25T07:03:42.165-0530");
        CamundaDateFormat.Format(instant, TimeZoneInfo.Utc).ShouldBe("2026-01-25T12:33:42.165+0000");
    }

    [Fact]
    public void ParseDate_RestFormat_RoundTrips()
    {
        CamundaDateFormat.TryParse("2026-01-25T13:33:42.165+0100", out var value).ShouldBeTrue();

        value.ShouldBe(new DateTimeOffset(2026, 1, 25, 12, 33, 42, 165, TimeSpan.Zero));
        CamundaDateFormat.Format(value, PlusOne).ShouldBe("2026-01-25T13:33:42.165+0100");
    }

    [Theory]
    [InlineData("2026-01-25T13:33:42.165+01:00")]
    [InlineData("2026-01-25T13:33:42+0100")]
    [InlineData("2026-01-25T13:33:42.165Z")]
    [InlineData("2026-02-30T13:33:42.165+0100")]
    [InlineData("2026-01-25 13:33:42.165+0100")]
    [InlineData("")]
    public void ParseDate_OtherLayouts_AreRefused(string text) =>
        CamundaDateFormat.TryParse(text, out _).ShouldBeFalse();

    [Theory]
    [InlineData(5.0, "5.0")]
    [InlineData(1.5, "1.5")]
    [InlineData(-2.25, "-2.25")]
    [InlineData(0.001, "0.001")]
    [InlineData(0.0001, "1.0E-4")]
    [InlineData(1.2345e-5, "1.2345E-5")]
    [InlineData(123456.789, "123456.789")]
    [InlineData(9999999.0, "9999999.0")]
    [InlineData(1e7, "1.0E7")]
    [InlineData(12345678.9, "1.23456789E7")]
    [InlineData(0.0, "0.0")]
    public void FormatDouble_MatchesJavaDoubleToString(double value, string expected) =>
        JavaNumberFormat.FormatDouble(value).ShouldBe(expected);
}
