# Reference values for the real-data neighbourhood analyses of issue 12, computed in R on the shipped files:
#
# 1. `cohesion neighbourhoods --analysis rivm-panel`: the national buurt panel of the RIVM/CBS health monitor
#    (50090NED, adults 18+) 2012, 2016, 2020 -- loneliness (Eenzaam_28) and volunteering (Vrijwilligerswerk_33) on
#    difficulty making ends meet (MoeiteMetRondkomen_38), plm model = "within", effect = "twoways" (buurt, year),
#    vcovHC(method = "arellano", type = "sss", cluster = "group"), over the BU rows where outcome and regressor are
#    both published in that year (unbalanced; plm keeps buurten seen once, which carry no within variation).
# 2. `cohesion neighbourhoods --analysis amsterdam`: CBS KWB 2019 Amsterdam buurten, diversity of the seven origin
#    groups (fractionalisation 1 - sum p^2 and entropy / ln 7) joined by buurt code to RIVM volunteering and
#    loneliness (2016 and 2020, 2020 division; the 479 codes are identical). lm with the controls of Samen
#    verschillend added step by step (SES: income per recipient, % low-income households, WOZ; housing: % corporation
#    housing, % rented), SEs clustered by wijk (sandwich::vcovCL type "HC1" = G/(G-1) (n-1)/(n-k)), and the Gelbach
#    (2016) decomposition of base - full: delta_g = Gamma_g beta_g, Var = W V W' with V the full model's clustered
#    covariance.
#
# Writes tests/Cohesion.Tests/Fixtures/neighbourhoods/real_panel_reference.json.
# Run from the repository root: Rscript tools/reference/neighbourhoods_real.R
suppressPackageStartupMessages({ library(plm); library(readxl); library(sandwich); library(jsonlite) })
out <- "tests/Cohesion.Tests/Fixtures/neighbourhoods"
dir.create(out, showWarnings = FALSE, recursive = TRUE)

files <- c(`2012` = "data/real/rivm-gezondheid-wijkbuurt-2012-2020/50090NED_2012_18plus.xlsx",
           `2016` = "data/real/rivm-gezondheid-wijkbuurt-2016/50090NED_2016_18plus.xlsx",
           `2020` = "data/real/rivm-gezondheid-wijkbuurt-2012-2020/50090NED_2020_18plus.xlsx")
num <- function(x) suppressWarnings(as.numeric(ifelse(trimws(as.character(x)) %in% c(".", ""), NA, x)))
rivm <- do.call(rbind, lapply(names(files), function(y) {
  r <- as.data.frame(read_excel(files[[y]]))
  code <- trimws(r$Codering_3)
  bu <- startsWith(code, "BU")
  data.frame(buurt = code[bu], year = as.integer(y), lonely = num(r$Eenzaam_28[bu]),
             volunteering = num(r$Vrijwilligerswerk_33[bu]), hardship = num(r$MoeiteMetRondkomen_38[bu]),
             stringsAsFactors = FALSE)
}))

panel_model <- function(y) {
  d <- rivm[!is.na(rivm[[y]]) & !is.na(rivm$hardship), c("buurt", "year", y, "hardship")]
  pd <- pdata.frame(d, index = c("buurt", "year"))
  m <- plm(reformulate("hardship", y), pd, model = "within", effect = "twoways")
  v <- vcovHC(m, method = "arellano", type = "sss", cluster = "group")
  tb <- table(d$buurt)
  list(outcome = y, regressor = "hardship", n = nobs(m), units = as.integer(pdim(m)$nT$n),
       singletons = sum(tb == 1), years = sort(unique(d$year)),
       estimate = unname(coef(m)["hardship"]), se = unname(sqrt(v["hardship", "hardship"])))
}
panel <- list(lonely = panel_model("lonely"), volunteering = panel_model("volunteering"))
summaries <- do.call(rbind, lapply(c("lonely", "volunteering", "hardship"), function(v) do.call(rbind, lapply(c(2012, 2016, 2020), function(y) {
  x <- rivm[[v]][rivm$year == y]; x <- x[!is.na(x)]
  if (length(x) == 0) return(NULL)
  data.frame(indicator = v, year = y, buurten = length(x), mean = mean(x), sd = sd(x))
}))))
print(panel)

# ---- Amsterdam: KWB 2019 diversity x RIVM ----
kwb <- read.csv("data/real/kwb-amsterdam-2019/Kerncijfers_wijken_en_buurten_2019_Amsterdam.csv",
                check.names = FALSE, stringsAsFactors = FALSE, na.strings = c("NA", ".", ""), colClasses = "character")
kcode <- trimws(kwb[["Regioaanduiding.Codering..code."]])
kb <- kwb[startsWith(kcode, "BU"), ]
kcode <- kcode[startsWith(kcode, "BU")]
dec <- function(x) as.numeric(sub(",", ".", trimws(x), fixed = TRUE))
col <- function(s) { i <- grep(s, names(kb), fixed = TRUE); stopifnot(length(i) >= 1); dec(kb[[i[1]]]) }
pop <- col("Bevolking.Aantal.inwoners..aantal."); w <- col("Westers.totaal"); nw <- col("Niet.westers.totaal")
counts <- cbind(dutch = pmax(pop - w - nw, 0), western = w, morocco = col("Marokko"), antilles = col("Antillen"),
                suriname = col("Suriname"), turkey = col("Turkije"), other_nonwestern = col("Overig.niet.westers"))
frac <- function(x) { t <- sum(x); if (is.na(t) || t <= 0) return(NA_real_); p <- x / t; 1 - sum(p^2) }
ent <- function(x) { t <- sum(x); if (is.na(t) || t <= 0) return(NA_real_); p <- x[x > 0] / t; -sum(p * log(p)) / log(7) }
ams <- data.frame(code = kcode, wijk = paste0("WK", substr(kcode, 3, 8)),
                  fractionalisation = apply(counts, 1, frac), entropy = apply(counts, 1, ent),
                  income_per_recipient = col("Gemiddeld.inkomen.per.inkomensontvanger"),
                  low_income_households = col("Huishoudens.met.een.laag.inkomen"),
                  woz = col("Gemiddelde.WOZ.waarde"),
                  corporation_share = col("In.bezit.woningcorporatie"),
                  rental_share = col("Huurwoningen.totaal"), stringsAsFactors = FALSE)
groups <- list(ses = c("income_per_recipient", "low_income_households", "woz"), housing = c("corporation_share", "rental_share"))
ctl <- unlist(groups, use.names = FALSE)

cl_vcov <- function(m, d) vcovCL(m, cluster = d$wijk, type = "HC1", cadjust = TRUE)
amsterdam <- list(); gelbach <- list()
for (yr in c(2016, 2020)) {
  rv <- rivm[rivm$year == yr & startsWith(rivm$buurt, "BU0363"), ]
  j <- merge(ams, rv[, c("buurt", "volunteering", "lonely")], by.x = "code", by.y = "buurt")
  for (y in c("volunteering", "lonely")) for (div in c("fractionalisation", "entropy")) {
    d <- j[complete.cases(j[, c(y, div, ctl)]), ]
    d <- d[order(d$code), ]
    steps <- lapply(0:length(groups), function(s) {
      m <- lm(reformulate(c(div, unlist(groups[seq_len(s)], use.names = FALSE)), y), d)
      v <- cl_vcov(m, d)
      list(step = s, added = if (s == 0) "(none)" else names(groups)[s], n = nrow(d), clusters = length(unique(d$wijk)),
           estimate = unname(coef(m)[div]), se = unname(sqrt(v[div, div])), r2 = summary(m)$r.squared)
    })
    full <- lm(reformulate(c(div, ctl), y), d)
    V <- cl_vcov(full, d)
    base <- lm(reformulate(div, y), d)
    gam <- sapply(ctl, function(cn) coef(lm(reformulate(div, cn), d))[div])
    names(gam) <- ctl
    W <- sapply(names(groups), function(g) { wv <- setNames(rep(0, length(coef(full))), names(coef(full))); wv[groups[[g]]] <- gam[groups[[g]]]; wv })
    delta <- drop(t(W) %*% coef(full))
    Vd <- t(W) %*% V %*% W
    total <- unname(coef(base)[div] - coef(full)[div])
    key <- paste(y, div, yr, sep = "_")
    amsterdam[[key]] <- list(outcome = y, diversity = div, rivm_year = yr, steps = steps)
    gelbach[[key]] <- list(outcome = y, diversity = div, rivm_year = yr, n = nrow(d),
                           base_estimate = unname(coef(base)[div]), full_estimate = unname(coef(full)[div]),
                           total_change = total, total_change_se = sqrt(sum(Vd)),
                           groups = lapply(names(groups), function(g) list(group = g, contribution = unname(delta[g]),
                                                                            se = sqrt(Vd[g, g]), share = unname(delta[g] / total))))
  }
}
str(gelbach[["volunteering_fractionalisation_2020"]])

write_json(list(rivm_panel = panel, summaries = summaries, amsterdam_steps = unname(amsterdam), amsterdam_gelbach = unname(gelbach)),
           file.path(out, "real_panel_reference.json"), digits = NA, auto_unbox = TRUE, na = "null", pretty = TRUE)
cat("written", file.path(out, "real_panel_reference.json"), "\n")
