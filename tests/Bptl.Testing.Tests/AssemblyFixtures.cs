using Bptl.Testing;

[assembly: AssemblyFixture(typeof(PostgresFixture))]
