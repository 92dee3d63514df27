namespace Bptl.Grains;
