using Cohesion.Data;
using Cohesion.Presentation;
using Cohesion.Presentation.Tables;
using Cohesion.Statistics;
using Cohesion.Statistics.Formula;
using Cohesion.Statistics.Inference;
using Cohesion.Statistics.Regression;

namespace Cohesion.Cli.Commands;

/// <summary><c>cohesion panel --index id,time --model ...</c>: plm's panel estimators, phtest and pFtest, written as
/// <c>{"model","effect","coefficients":[{"term","estimate","se","statistic","p"}],"theta"?,"hausman"?,"poolability"?}</c>.</summary>
internal static class PanelModelOutput
{
    public static int Run(CliContext ctx, string? outPath, OutputFormat fmt, string path, string formulaText, string? index, string modelName,
        string effectName, string methodName, bool hausman, bool poolability, RegressionOptions reg, bool seTypeGiven, bool decompose)
    {
        if (index is null) throw new UsageException("--model, --hausman and --test need the panel index: --index id,time");
        var ix = index.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (ix.Length is not (1 or 2)) throw new UsageException($"--index must name the individual and period columns, id,time (or only id, as plm) (got '{index}')");
        if (decompose) throw new UsageException("--decompose applies to the formula with '|' (fixed effects), not to --model");
        var model = modelName.Trim().ToLowerInvariant() switch
        {
            "within" => PanelModelType.Within, "random" => PanelModelType.Random, "between" => PanelModelType.Between,
            "fd" => PanelModelType.FirstDifference, "pooling" => PanelModelType.Pooling,
            var other => throw new UsageException($"--model must be within, random, between, fd or pooling, not '{other}'"),
        };
        var effect = effectName.Trim().ToLowerInvariant() switch
        {
            "individual" => PanelEffect.Individual, "time" => PanelEffect.Time, "twoways" => PanelEffect.TwoWays,
            var other => throw new UsageException($"--effect must be individual, time or twoways, not '{other}'"),
        };
        var method = methodName.Trim().ToLowerInvariant() switch
        {
            "swar" => RandomEffectsMethod.SwamyArora, "walhus" => RandomEffectsMethod.WallaceHussain, "amemiya" => RandomEffectsMethod.Amemiya,
            "nerlove" => RandomEffectsMethod.Nerlove,
            var other => throw new UsageException($"--random-method must be swar, walhus, amemiya or nerlove, not '{other}'"),
        };
        bool robust = reg.StandardErrors is StandardErrorType.Cluster || seTypeGiven || reg.Weights is not null;
        if (robust && model is not (PanelModelType.Within or PanelModelType.Pooling))
            throw new UsageException("--se, --cluster and --weights apply to --model within or pooling (and to the formula with '|')");
        var frame = DatasetLoader.Load(path);
        if (ix.Length == 1)
        {
            // plm's index = "id": periods 1, 2, ... within each individual in row order
            string name = "period";
            while (frame.Contains(name)) name += "_";
            try { frame.Add(PanelModels.SequentialPeriods(frame, ix[0], name)); }
            catch (CohesionException ex) when (ex.File is null) { throw ex.WithFile(path); }
            ix = [ix[0], name];
        }
        var f = ModelFormula.Parse(formulaText);
        if (f.AbsorbedFactors.Count > 0) throw new UsageException("with --model the formula has no '|': --index names the panel (fixed effects come from --model within --effect)");
        var o = new PanelOptions { Model = model, Effect = effect, RandomMethod = method, ConfidenceLevel = reg.ConfidenceLevel };
        PanelFit fit;
        ChiSquareTest? h = null;
        FTest? ft = null;
        RegressionResult? robustFit = null;
        try
        {
            fit = PanelModels.Fit(frame, f, ix[0], ix[1], o);
            if (hausman)
            {
                var w = model == PanelModelType.Within && effect == fit.Effect ? fit : PanelModels.Fit(frame, f, ix[0], ix[1], o with { Model = PanelModelType.Within });
                var r = model == PanelModelType.Random ? fit : PanelModels.Fit(frame, f, ix[0], ix[1], o with { Model = PanelModelType.Random });
                h = PanelModels.Hausman(w, r);
            }
            if (poolability)
            {
                var w = model == PanelModelType.Within ? fit : PanelModels.Fit(frame, f, ix[0], ix[1], o with { Model = PanelModelType.Within });
                var p = PanelModels.Fit(frame, f, ix[0], ix[1], o with { Model = PanelModelType.Pooling });
                ft = PanelModels.Poolability(w, p);
            }
            if (robust)
            {
                // robust / clustered / weighted: the same model through the fixed-effects regression (plm's vcovHC conventions)
                string absorbed = effect switch { PanelEffect.Individual => ix[0], PanelEffect.Time => ix[1], _ => $"{ix[0]} + {ix[1]}" };
                var text = model == PanelModelType.Within ? $"{f.Text} | {absorbed}" : f.Text;
                robustFit = LinearModel.Fit(frame, ModelFormula.Parse(text), reg with { DropSingletons = false });
            }
        }
        catch (CohesionException ex) when (ex.File is null) { throw ex.WithFile(path); }
        foreach (var note in fit.Notes) ctx.Err.WriteLine($"note: {note}");
        var coefs = robustFit?.Coefficients ?? fit.Coefficients;
        string seLabel = robustFit is null ? "classical" : PanelCommand.SeLabel(robustFit);
        OutputSink.Write(ctx, outPath, w => Write(ctx, w, fmt, fit, coefs, seLabel, h, ft, f, modelName.Trim().ToLowerInvariant(), effectName.Trim().ToLowerInvariant()));
        return ExitCodes.Ok;
    }

    private static void Write(CliContext ctx, TextWriter w, OutputFormat fmt, PanelFit fit, IReadOnlyList<Coefficient> coefs, string seLabel,
        ChiSquareTest? h, FTest? ft, ModelFormula f, string model, string effect)
    {
        switch (fmt)
        {
            case OutputFormat.Json:
                Json.Write(w, j => FitJson.Panel(j, new PanelJsonInfo(fit, coefs, seLabel, f.Text, model, effect) { Hausman = h, Poolability = ft }));
                break;
            case OutputFormat.Csv:
                TabularOutput.WriteCsv(w, FitTables.Coefficients(coefs, Provenance.Real));
                break;
            default:
            {
                var caption = $"n = {fit.N} ({fit.Individuals} × {fit.Periods}, {(fit.Balanced ? "balanced" : "unbalanced")}), df = {fit.DfResidual}, SE: {seLabel}";
                if (fit.Components is { } ec)
                    caption += $"; σ²: idiosyncratic {TabularOutput.Fmt(ec.Idiosyncratic)}" + (ec.Individual is { } a ? $", individual {TabularOutput.Fmt(a)}" : "") +
                               (ec.Time is { } b ? $", time {TabularOutput.Fmt(b)}" : "") + (ec.Theta is { } th ? $"; θ = {TabularOutput.Fmt(th)}" : "");
                if (h is not null) caption += $"; Hausman χ²({h.Df}) = {TabularOutput.Fmt(h.Statistic)}, p = {TabularOutput.Fmt(h.PValue, 3)}";
                if (ft is not null) caption += $"; F({ft.Df1}, {ft.Df2}) = {TabularOutput.Fmt(ft.Statistic)}, p = {TabularOutput.Fmt(ft.PValue, 3)}";
                TabularOutput.WriteFitTable(ctx, w, $"Panel model ({model}, {effect}) / panelmodel — {f.Text}",
                    ["term / term", "estimate / schatting", "se", fit.Model == PanelModelType.Random ? "z" : "t", "p", "ci_lower", "ci_upper"],
                    FitTables.Coefficients(coefs, Provenance.Real),
                    caption);
                break;
            }
        }
    }
}
