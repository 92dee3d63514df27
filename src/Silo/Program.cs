// The silo host arrives with the grain runtime; until then it only proves the layout builds.
Console.Error.WriteLine("Bptl silo: the grain runtime is not built yet.");
return 1;
