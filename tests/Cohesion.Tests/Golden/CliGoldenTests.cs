using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Golden;

/// <summary>
/// Every verb in table, CSV and JSON on its built-in default and on test fixtures, recorded before the code was
/// reorganised (issue 13); the refactor must reproduce them byte for byte. Tokens in the arguments: <c>{fx}</c> the
/// test fixtures, <c>{in}</c> the golden inputs, <c>{real}</c> data/real, <c>{tmp}</c> a fresh folder whose files
/// (figures, exports) are part of the golden output.
/// </summary>
public class CliGoldenTests
{
    private const string Vu = "{real}/vu-election-panel-2021/wave0.csv";
    private const string Kwb = "{real}/kwb-amsterdam-2019/Kerncijfers_wijken_en_buurten_2019_Amsterdam.csv";
    private const string Amsterdam84910 = "{real}/cbs-pop-migration-amsterdam-2019/84910NED_Amsterdam_2019_sex_age_migration.csv";

    public static readonly (string Name, string[] Args)[] Cases =
    [
        ("help", ["--help"]),
        .. new[] { "measure", "estimate", "glm", "impute", "population", "simulate", "neighbourhoods", "meta", "diversity", "panel", "mixed", "data", "report", "serve", "compare" }
            .Select(v => ($"help-{v}", new[] { v, "--help" })),

        // measure
        ("measure-table", ["measure"]),
        ("measure-csv", ["measure", "--format", "csv"]),
        ("measure-json", ["measure", "--format", "json"]),
        ("measure-indicators-origin-sex", ["measure", "--by", "origin7,sex", "--min-n", "100", "--indicators", "--complementary"]),
        ("measure-origin-sex-json", ["measure", "--by", "origin7,sex", "--min-n", "100", "--format", "json"]),
        ("measure-logit-level90-json", ["measure", "--ci", "logit", "--level", "0.9", "--format", "json"]),
        ("measure-jkn-csv", ["measure", "--replicates", "jkn", "--format", "csv"]),
        ("measure-vu-table", ["measure", "--data", Vu, "--framework", "vu-election-panel-2021", "--by", "education", "--indicators"]),
        ("measure-vu-logit-json", ["measure", "--data", Vu, "--framework", "vu-election-panel-2021", "--by", "ethnicity", "--ci", "logit", "--format", "json"]),
        ("measure-lonely-fails", ["measure", "--data", "{in}/lonely-survey.csv", "--framework", "{in}/one-indicator.yaml", "--weight", "w", "--strata", "s", "--cluster", "c", "--min-n", "0", "--format", "json"]),
        ("measure-lonely-certainty", ["measure", "--data", "{in}/lonely-survey.csv", "--framework", "{in}/one-indicator.yaml", "--weight", "w", "--strata", "s", "--cluster", "c", "--min-n", "0", "--lonely-psu", "certainty"]),
        ("measure-bad-column", ["measure", "--by", "no_such_column"]),

        // compare (issue 11): built in on the real country files, and on the synthetic ESS-layout fixture
        ("compare-table", ["compare"]),
        ("compare-json", ["compare", "--format", "json"]),
        ("compare-csv", ["compare", "--format", "csv"]),
        ("compare-measure-be", ["compare", "--reference", "BE", "--measure", "mean_trust_others_ess,mean_trust_parties_ess"]),
        ("compare-unknown-reference", ["compare", "--reference", "XX"]),
        ("compare-data-json", ["compare", "--data", "{fx}/compare/ess_synthetic_r9.csv", "--country", "cntry", "--var", "social_trust,ppltrst,agea", "--weight", "anweight", "--strata", "stratum", "--cluster", "psu", "--format", "json"]),
        ("compare-data-table", ["compare", "--data", "{fx}/compare/ess_synthetic_r7.csv", "--var", "institutional_trust,vote", "--strata", "stratum", "--cluster", "psu", "--reference", "DK"]),
        ("compare-data-codes-fail", ["compare", "--data", "{fx}/compare/ess_synthetic_r9.csv", "--var", "hinctnta", "--weight", "anweight"]),
        ("measure-ess-by-cntry-csv", ["measure", "--data", "{fx}/compare/ess_synthetic_r9.csv", "--framework", "ess", "--by", "cntry", "--min-n", "0", "--format", "csv"]),

        // estimate
        ("estimate-strat-table", ["estimate", "--data", "{fx}/survey/apistrat.csv", "--var", "api00,api99", "--by", "stype", "--weight", "pw", "--strata", "stype", "--fpc", "fpc"]),
        ("estimate-strat-csv", ["estimate", "--data", "{fx}/survey/apistrat.csv", "--var", "api00,api99", "--by", "stype", "--weight", "pw", "--strata", "stype", "--fpc", "fpc", "--format", "csv"]),
        ("estimate-strat-json", ["estimate", "--data", "{fx}/survey/apistrat.csv", "--var", "api00,api99", "--by", "stype", "--weight", "pw", "--strata", "stype", "--fpc", "fpc", "--format", "json"]),
        ("estimate-proportions-total-csv", ["estimate", "--data", "{fx}/survey/apistrat.csv", "--var", "sch_wide,awards", "--stat", "total", "--weight", "pw", "--strata", "stype", "--format", "csv"]),
        ("estimate-ratio-json", ["estimate", "--data", "{fx}/survey/apiclus1.csv", "--var", "api00", "--stat", "ratio", "--denominator", "api99", "--weight", "pw", "--cluster", "dnum", "--fpc", "fpc", "--format", "json"]),
        ("estimate-jk1-table", ["estimate", "--data", "{fx}/survey/apiclus1.csv", "--var", "api00,stype", "--weight", "pw", "--cluster", "dnum", "--replicates", "jk1"]),
        ("estimate-bootstrap-mse-csv", ["estimate", "--data", "{fx}/survey/apistrat.csv", "--var", "api00", "--by", "awards", "--weight", "pw", "--strata", "stype", "--replicates", "bootstrap", "--bootstrap-replicates", "30", "--seed", "7", "--mse", "--format", "csv"]),
        ("estimate-twostage-table", ["estimate", "--data", "{fx}/survey/apiclus2.csv", "--var", "api00,enroll", "--weight", "pw", "--cluster", "dnum,snum", "--fpc", "fpc1,fpc2", "--level", "0.9"]),
        ("estimate-rake-json", ["estimate", "--data", "{fx}/survey/apistrat.csv", "--var", "api00", "--weight", "pw", "--strata", "stype", "--rake", "stype=E:4421,H:755,M:1018", "--rake", "sch_wide=No:1000,Yes:5194", "--format", "json"]),
        ("estimate-lonely-fails", ["estimate", "--data", "{fx}/survey/apistrat.csv", "--var", "api00", "--weight", "pw", "--strata", "cname"]),
        ("estimate-lonely-average-csv", ["estimate", "--data", "{fx}/survey/apistrat.csv", "--var", "api00", "--weight", "pw", "--strata", "cname", "--lonely-psu", "average", "--format", "csv"]),
        ("estimate-quantile-chisq-table", ["estimate", "--data", "{fx}/survey_depth/apiclus1.csv", "--var", "api00", "--stat", "quantile", "--quantiles", "0.25,0.5", "--by", "stype", "--weight", "pw", "--cluster", "dnum", "--fpc", "fpc"]),
        ("estimate-chisq-json", ["estimate", "--data", "{fx}/survey_depth/apiclus1.csv", "--var", "sch_wide", "--by", "stype", "--test", "chisq", "--ci", "logit", "--weight", "pw", "--cluster", "dnum", "--fpc", "fpc", "--format", "json"]),
        ("estimate-imputation-csv", ["estimate", "--data", "{fx}/survey_depth/pisa_pv_stacked.csv", "--var", "math", "--by", "ST04Q01", "--weight", "W_FSTUWT", "--strata", "STRATUM", "--cluster", "SCHOOLID", "--lonely-psu", "adjust", "--imputation", "imp", "--format", "csv"]),

        // glm
        ("glm-quasibinomial-table", ["glm", "--data", "{fx}/survey_depth/apiclus1.csv", "--formula", "sch_wide ~ ell + meals + stype", "--family", "quasibinomial", "--weight", "pw", "--cluster", "dnum", "--fpc", "fpc", "--odds-ratios"]),
        ("glm-domain-json", ["glm", "--data", "{fx}/survey_depth/apistrat.csv", "--formula", "api00 ~ ell + meals", "--subset", "stype == 'H'", "--weight", "pw", "--strata", "stype", "--fpc", "fpc", "--format", "json"]),
        ("glm-ordinal-brr-csv", ["glm", "--data", "{fx}/survey_depth/nhanes_brr.csv", "--formula", "agecat ~ RIAGENDR", "--family", "ordinal", "--weight", "WTMEC2YR", "--repweights", "^brr_", "--repweights-type", "BRR", "--format", "csv"]),
        ("glm-family-mismatch", ["glm", "--data", "{fx}/survey_depth/apiclus1.csv", "--formula", "growth ~ meals", "--family", "poisson", "--weight", "pw", "--cluster", "dnum"]),

        // population
        ("population-table", ["population"]),
        ("population-csv", ["population", "--format", "csv"]),
        ("population-json", ["population", "--format", "json"]),
        ("population-stochastic-json", ["population", "--stochastic", "5", "--seed", "2", "--calibrate", "wpp2022", "--to", "2026", "--format", "json"]),
        ("population-all-2024-json", ["population", "--scenario", "all", "--edition", "2024", "--to", "2030", "--format", "json"]),
        ("population-detail-csv", ["population", "--scenario", "krimp", "--from", "2025", "--to", "2025", "--detail", "--format", "csv"]),
        ("population-detail-json", ["population", "--scenario", "asiel", "--edition", "2024", "--from", "2050", "--to", "2050", "--detail", "--format", "json"]),
        ("population-statline-2024-fails", ["population", "--base-statline", Amsterdam84910, "--edition", "2024"]),
        ("population-statline-table", ["population", "--base-statline", Amsterdam84910, "--to", "2030"]),
        ("population-charts", ["population", "--scenario", "all", "--to", "2030", "--pyramid", "{tmp}/p.svg", "--chart", "{tmp}/t.svg"]),
        ("population-pyramid-one", ["population", "--scenario", "groen", "--pyramid", "{tmp}/p.svg", "--pyramid-year", "2040", "--format", "csv"]),

        // simulate
        ("simulate-table", ["simulate"]),
        ("simulate-csv", ["simulate", "--reps", "20", "--to", "2030", "--format", "csv"]),
        ("simulate-json", ["simulate", "--format", "json"]),
        ("simulate-policy-charts", ["simulate", "--policy", "halve-education-gap-institutional-trust", "--reps", "10", "--chart", "{tmp}/fan.svg", "--decomposition-chart", "{tmp}/bars.svg"]),
        ("simulate-all-societal-csv", ["simulate", "--scenario", "all", "--societal", "all", "--reps", "5", "--to", "2026", "--edition", "2020", "--format", "csv"]),
        ("simulate-micro-json", ["simulate", "--method", "micro", "--scale", "0.002", "--reps", "2", "--to", "2025", "--format", "json"]),
        ("simulate-bad-policy", ["simulate", "--policy", "no-such-policy"]),

        // neighbourhoods
        ("neighbourhoods-table", ["neighbourhoods"]),
        ("neighbourhoods-csv-refused", ["neighbourhoods", "--format", "csv"]),
        ("neighbourhoods-json", ["neighbourhoods", "--format", "json"]),
        ("neighbourhoods-amsterdam-json", ["neighbourhoods", "--analysis", "amsterdam", "--no-mixed", "--format", "json"]),
        ("neighbourhoods-amsterdam-no-map", ["neighbourhoods", "--analysis", "amsterdam", "--map", "{tmp}/a.svg", "--no-mixed"]),
        ("neighbourhoods-builtin-map", ["neighbourhoods", "--no-mixed", "--map", "{tmp}/b.svg", "--map-classes", "7", "--seed", "11"]),
        ("neighbourhoods-utrecht-map", ["neighbourhoods", "--analysis", "utrecht", "--map", "{tmp}/u.svg"]),
        ("neighbourhoods-utrecht-json", ["neighbourhoods", "--analysis", "utrecht", "--format", "json"]),
        ("neighbourhoods-rivm-table", ["neighbourhoods", "--analysis", "rivm"]),
        ("neighbourhoods-data-json", ["neighbourhoods", "--data", "{in}/panel-subset.csv", "--controls", "ses=income,low_income;housing=rental_share", "--map", "{tmp}/m.svg", "--map-measure", "diversity", "--map-breaks", "0.2,0.4,0.6", "--format", "json"]),
        ("neighbourhoods-years", ["neighbourhoods", "--years", "2018={in}/y2018.csv,2019={in}/y2019.csv", "--crosswalk", "{in}/crosswalk.csv", "--export-panel", "{tmp}/panel.csv"]),
        ("neighbourhoods-bad-analysis", ["neighbourhoods", "--analysis", "rotterdam"]),

        // meta
        ("meta-table", ["meta"]),
        ("meta-json", ["meta", "--format", "json"]),
        ("meta-default-plots", ["meta", "--forest", "{tmp}/forest.svg", "--funnel", "{tmp}/funnel.svg"]),
        ("meta-bcg-bias-table", ["meta", "--data", "{fx}/shared/meta_bcg.csv", "--yi", "yi", "--vi", "vi", "--bias", "--leave1out", "--forest", "{tmp}/f.svg", "--funnel", "{tmp}/fu.svg"]),
        ("meta-bcg-bias-json", ["meta", "--data", "{fx}/shared/meta_bcg.csv", "--yi", "yi", "--vi", "vi", "--bias", "--leave1out", "--format", "json"]),
        ("meta-bcg-mods-knha-json", ["meta", "--data", "{fx}/shared/meta_bcg.csv", "--yi", "yi", "--vi", "vi", "--mods", "~ ablat + factor(alloc)", "--method", "DL", "--test", "knha", "--forest", "{tmp}/f.svg", "--format", "json"]),
        ("meta-bcg-or-permutations", ["meta", "--data", "{fx}/shared/meta_bcg.csv", "--measure", "RR", "--ai", "tpos", "--bi", "tneg", "--ci", "cpos", "--di", "cneg", "--mods", "~ ablat", "--permutations", "200", "--seed", "3"]),
        ("meta-multilevel-cr2-json", ["meta", "--data", "{fx}/shared/meta_konstantopoulos2011.csv", "--yi", "yi", "--vi", "vi", "--random", "~ 1 | district/school", "--robust", "district", "--cr2", "--forest", "{tmp}/f.svg", "--format", "json"]),
        ("meta-multilevel-table", ["meta", "--data", "{fx}/shared/meta_konstantopoulos2011.csv", "--yi", "yi", "--vi", "vi", "--random", "~ 1 | district/school", "--mods", "~ year", "--method", "ML", "--test", "t"]),
        ("meta-bad-random", ["meta", "--data", "{fx}/shared/meta_bcg.csv", "--yi", "yi", "--vi", "vi", "--random", "study"]),
        ("meta-random-method", ["meta", "--data", "{fx}/shared/meta_konstantopoulos2011.csv", "--yi", "yi", "--vi", "vi", "--random", "~ 1 | district/school", "--method", "DL"]),
        ("meta-missing-vi", ["meta", "--data", "{fx}/shared/meta_bcg.csv", "--yi", "yi"]),
        ("meta-write-synthetic", ["meta", "--write-synthetic", "{tmp}/studies.csv", "--seed", "5"]),

        // diversity
        ("diversity-table", ["diversity", "--data", "{fx}/neighbourhoods/segregation_input.csv", "--unit", "buurt", "--groups", "a,b,c,d", "--parent", "wijk"]),
        ("diversity-csv", ["diversity", "--data", "{fx}/neighbourhoods/segregation_input.csv", "--unit", "buurt", "--groups", "a,b,c,d", "--parent", "wijk", "--format", "csv"]),
        ("diversity-json", ["diversity", "--data", "{fx}/neighbourhoods/segregation_input.csv", "--unit", "buurt", "--groups", "a,b,c,d", "--parent", "wijk", "--format", "json"]),
        ("diversity-kwb-wijk-json", ["diversity", "--data", Kwb, "--level", "wijk", "--format", "json"]),
        ("diversity-kwb-table", ["diversity", "--data", Kwb]),

        // panel
        ("panel-table", ["panel", "--data", "{fx}/shared/panel_males.csv", "--formula", "wage ~ exper + union + married | nr", "--cluster", "nr"]),
        ("panel-csv", ["panel", "--data", "{fx}/shared/panel_males.csv", "--formula", "wage ~ exper + union + married | nr", "--cluster", "nr", "--format", "csv"]),
        ("panel-json", ["panel", "--data", "{fx}/shared/panel_males.csv", "--formula", "wage ~ exper + union + married | nr", "--cluster", "nr", "--format", "json"]),
        ("panel-robust-json", ["panel", "--data", "{fx}/models/lm_mtcars.csv", "--formula", "mpg ~ wt + hp + factor(cyl)", "--robust", "--level", "0.9", "--format", "json"]),
        ("panel-classical-csv", ["panel", "--data", "{fx}/models/lm_mtcars.csv", "--formula", "mpg ~ wt + hp + factor(cyl)", "--format", "csv"]),
        ("panel-drop-collinear-json", ["panel", "--data", "{fx}/shared/panel_males.csv", "--formula", "wage ~ exper + union | nr + year", "--drop-collinear", "--format", "json"]),
        ("panel-collinear-fails", ["panel", "--data", "{fx}/shared/panel_males.csv", "--formula", "wage ~ exper + union | nr + year"]),
        ("panel-gelbach-table", ["panel", "--data", "{fx}/models/gelbach_synthetic.csv", "--formula", "cohesion ~ diversity + woz + income + rent + turnover", "--decompose", "ses=woz,income;housing=rent;turnover=turnover"]),
        ("panel-gelbach-json", ["panel", "--data", "{fx}/models/gelbach_synthetic.csv", "--formula", "cohesion ~ diversity + woz + income + rent + turnover | year", "--cluster", "gemeente", "--decompose", "ses=woz,income;housing=rent;turnover=turnover", "--format", "json"]),

        // mixed
        ("mixed-table", ["mixed", "--data", "{fx}/models/lmm_sleepstudy.csv", "--formula", "Reaction ~ Days + (Days|Subject)"]),
        ("mixed-csv", ["mixed", "--data", "{fx}/models/lmm_sleepstudy.csv", "--formula", "Reaction ~ Days + (Days|Subject)", "--format", "csv"]),
        ("mixed-json", ["mixed", "--data", "{fx}/models/lmm_sleepstudy.csv", "--formula", "Reaction ~ Days + (Days|Subject)", "--format", "json"]),
        ("mixed-ml-ranef-json", ["mixed", "--data", "{fx}/models/lmm_sleepstudy.csv", "--formula", "Reaction ~ Days + (Days|Subject)", "--ml", "--ranef", "{tmp}/ranef.csv", "--format", "json"]),
        ("mixed-nested-table", ["mixed", "--data", "{fx}/models/lmm_pastes.csv", "--formula", "strength ~ 1 + (1|batch/cask)"]),
        ("mixed-no-random", ["mixed", "--data", "{fx}/models/lmm_sleepstudy.csv", "--formula", "Reaction ~ Days"]),
    ];

    public static IEnumerable<object[]> CaseNames => Cases.Select(c => new object[] { c.Name });

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void VerbOutputIsUnchanged(string name)
    {
        var args = Cases.Single(c => c.Name == name).Args;
        var tmp = GoldenStore.NewCaseDir();
        var r = CliRunner.Run(GoldenStore.Resolve(args, tmp));
        GoldenStore.Check("cli/" + name, Capture(args, r, tmp));
    }

    /// <summary>The console output (command, exit code, stdout, stderr) and every file the run wrote to its folder.</summary>
    internal static Dictionary<string, string> Capture(string[] args, CliRunner.Result r, string tmp)
    {
        var console = $"$ cohesion {string.Join(" ", args.Select(a => a.Contains(' ') ? $"'{a}'" : a))}\nexit {r.ExitCode}\n" +
                      $"--- stdout\n{GoldenAllowList.Normalize(r.Out, tmp)}\n--- stderr\n{GoldenAllowList.Normalize(r.Err, tmp)}";
        var files = new Dictionary<string, string>(StringComparer.Ordinal) { ["console.txt"] = console };
        foreach (var f in Directory.EnumerateFiles(tmp, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var rel = "files/" + Path.GetRelativePath(tmp, f).Replace('\\', '/');
            var (stored, content) = GoldenStore.Stored(rel, File.ReadAllBytes(f), tmp);
            files[stored] = content;
        }
        return files;
    }
}

/// <summary>The catalogue verbs on a fresh database: import, list and show in every format.</summary>
public class DataGoldenTests
{
    [Fact]
    public void CatalogueOutputIsUnchanged()
    {
        var tmp = GoldenStore.NewCaseDir();
        string[][] steps =
        [
            ["data", "import", "{fx}/data/survey.sav", "--name", "s", "--db", "{tmp}/c.duckdb"],
            ["data", "import", "{fx}/data/survey_v13.dta", "--db", "{tmp}/c.duckdb"],
            ["data", "import", "{fx}/data/survey.sav", "--name", "s", "--db", "{tmp}/c.duckdb"],
            ["data", "list", "--db", "{tmp}/c.duckdb"],
            ["data", "list", "--db", "{tmp}/c.duckdb", "--format", "json"],
            ["data", "list", "--db", "{tmp}/c.duckdb", "--format", "csv"],
            ["data", "show", "s", "--db", "{tmp}/c.duckdb", "--head", "3"],
            ["data", "show", "s", "--db", "{tmp}/c.duckdb", "--format", "json"],
            ["data", "show", "survey_v13", "--db", "{tmp}/c.duckdb", "--format", "csv"],
            ["data", "show", "{fx}/data/gemeenten.xlsx", "--head", "2"],
            ["data", "drop", "s", "--db", "{tmp}/c.duckdb"],
            ["data", "list", "--db", "{tmp}/c.duckdb", "--format", "json"],
        ];
        var sb = new System.Text.StringBuilder();
        foreach (var step in steps)
        {
            var r = CliRunner.Run(GoldenStore.Resolve(step, tmp));
            sb.Append($"$ cohesion {string.Join(" ", step)}\nexit {r.ExitCode}\n--- stdout\n{GoldenAllowList.Normalize(r.Out, tmp)}\n--- stderr\n{GoldenAllowList.Normalize(r.Err, tmp)}\n");
        }
        GoldenStore.Check("cli/data-catalogue", new Dictionary<string, string> { ["console.txt"] = sb.ToString() });
    }
}
