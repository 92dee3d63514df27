[assembly: AssemblyFixture(typeof(Bptl.Testing.PostgresFixture))]
