namespace Bptl.Sandbox.Tests;
