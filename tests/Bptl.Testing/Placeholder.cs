namespace Bptl.Testing;
