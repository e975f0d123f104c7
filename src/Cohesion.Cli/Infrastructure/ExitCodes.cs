namespace Cohesion.Cli;

public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>Bad input or a model that cannot be fitted as asked: the user must change something.</summary>
    public const int InputError = 1;
    /// <summary>Command-line usage error (unknown option, missing argument).</summary>
    public const int Usage = 2;
    /// <summary>A bug: an unexpected exception.</summary>
    public const int Internal = 70;
}
