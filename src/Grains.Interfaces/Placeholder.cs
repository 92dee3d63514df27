namespace Bptl.Grains.Interfaces;
