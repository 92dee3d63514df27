// The admin dashboard arrives with its own issue; until then it only proves the layout builds.
Console.Error.WriteLine("Bptl admin: the dashboard is not built yet.");
return 1;
