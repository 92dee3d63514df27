namespace Bptl.Testing.Tests;
public class Probe { [Fact] public void Works() => 1.ShouldBe(1); [Fact] public void Skips() => Assert.Skip("x"); }
