using BenchmarkDotNet.Running;

namespace Cohesion.Bench;

/// <summary>Entry point: <c>dotnet run -c Release --project bench/Cohesion.Bench -- --filter '*'</c>.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
