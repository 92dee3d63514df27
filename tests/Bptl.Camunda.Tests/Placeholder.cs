namespace Bptl.Camunda.Tests;
