namespace Bptl.Contract.Tests;
