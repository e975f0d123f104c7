#!/usr/bin/env bash
# Side-by-side timing of the model estimators against R on the same deterministic data.
#   FE : two-way within + SEs clustered by unit, 10 regressors  (Cohesion vs plm + vcovHC(arellano, sss))
#   LMM: random intercept, 11,000 groups, 5 covariates, REML    (Cohesion vs lme4::lmer)
# Usage: bench/scripts/models/compare.sh [FE_N_COHESION] [FE_N_PLM] [LMM_N]
# plm needs ~1.9 GB per million rows (3.75 GB at 2e6), so at 1e7 rows (~19 GB) it does not fit next to other
# work on the project machine; run it at smaller N and compare per-row costs (both scale linearly).
set -euo pipefail
cd "$(dirname "$0")/../../.."
FE_N=${1:-10000000}; PLM_N=${2:-1000000}; LMM_N=${3:-1000000}
dotnet build bench/scripts/models/timing -c Release -v q -nologo >/dev/null
T=bench/scripts/models/timing/bin/Release/net10.0/ModelsTiming.dll
echo "== two-way FE, clustered =="
dotnet "$T" fe "$PLM_N" 5
[ "$FE_N" != "$PLM_N" ] && dotnet "$T" fe "$FE_N" 3
Rscript bench/scripts/models/fe_plm.R "$PLM_N" 1
echo "== random-intercept LMM =="
dotnet "$T" lmm "$LMM_N" 5
Rscript bench/scripts/models/lmm_lmer.R "$LMM_N" 3
