namespace Bptl.Camunda;
