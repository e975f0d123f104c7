# Regenerates the data-layer fixtures in tests/Cohesion.Tests/Fixtures/data/:
# SPSS .sav (uncompressed, bytecode-compressed, zlib .zsav) and Stata .dta (formats 113-119) with value labels,
# variable labels, user-missing values, long strings and Stata extended missing values, plus expected.json:
# the values as R/haven reads them back (user-missing and tagged NA as NA), which the C# tests compare to.
# Run from the repository root: Rscript tools/reference/data.R
suppressPackageStartupMessages({ library(haven); library(jsonlite) })
out <- "tests/Cohesion.Tests/Fixtures/data"
dir.create(out, showWarnings = FALSE, recursive = TRUE)

set.seed(20241125)
n <- 12
long_text <- paste(rep("lange tekst ", 40), collapse = "")           # 480 chars: a "very long" string (> 255)
df <- data.frame(
  id       = 1:n,
  age      = c(17, 25, 34, 45, 56, 67, 78, 89, 23, 31, NA, 99),
  weight   = round(runif(n, 0.5, 2.5), 6),
  trust    = c(1, 2, 3, 4, 1, 2, 3, 4, 9, 8, 1, 2),                    # 8/9 = user-missing in SPSS
  name     = c("Anna", "Bram", "Cees", "Daan", "Eva", "Fleur", "Gijs", "Hanna", "Ilse", "Joost", "", "Karel"),
  comment  = c(long_text, rep("kort", n - 1)),
  stringsAsFactors = FALSE
)
df$comment[3] <- paste0(long_text, "einde")
df$sex <- c(1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2)

spss <- df
spss$trust <- labelled_spss(df$trust,
  labels = c("heel veel vertrouwen" = 1, "tamelijk veel" = 2, "niet zo veel" = 3, "helemaal geen" = 4,
             "weet niet" = 8, "geen antwoord" = 9),
  na_values = c(8, 9), label = "Vertrouwen in de Tweede Kamer")
spss$sex <- labelled(df$sex, labels = c(man = 1, vrouw = 2), label = "Geslacht")
spss$region <- labelled(c("N", "O", "Z", "W", "N", "O", "Z", "W", "N", "O", "Z", "X"),
  labels = c(Noord = "N", Oost = "O", Zuid = "Z", West = "W"), label = "Landsdeel")
spss$municipality <- labelled(rep(c("GM0363 Amsterdam", "GM0518 Den Haag", "GM0344 Utrecht"), 4),
  labels = c("hoofdstad" = "GM0363 Amsterdam", "regeringszetel" = "GM0518 Den Haag"))   # > 8 bytes: record 7/21
spss$age <- labelled_spss(df$age, na_range = c(98, Inf), label = "Leeftijd in jaren")
attr(spss$weight, "label") <- "Weegfactor"
write_sav(spss, file.path(out, "survey.sav"), compress = "none")
write_sav(spss, file.path(out, "survey_bytecode.sav"), compress = "byte")
write_sav(spss, file.path(out, "survey.zsav"), compress = "zsav")

stata <- df
stata$comment <- substr(stata$comment, 1, 244)                         # old formats cap strings at 244
stata$trust <- labelled(c(1, 2, 3, 4, 1, 2, 3, 4, tagged_na("a"), tagged_na("b"), 1, 2),
  labels = c("heel veel vertrouwen" = 1, "tamelijk veel" = 2, "niet zo veel" = 3, "helemaal geen" = 4),
  label = "Vertrouwen in de Tweede Kamer")
stata$sex <- labelled(as.integer(df$sex), labels = c(man = 1L, vrouw = 2L), label = "Geslacht")
stata$id <- as.integer(stata$id)
stata$small <- as.integer(c(-5, 0, 5, 100, NA, 1, 2, 3, 4, 5, 6, 7))  # becomes byte/int in Stata
attr(stata$weight, "label") <- "Weegfactor"
for (v in c(8, 10, 11, 13, 14, 15)) {
  write_dta(stata, file.path(out, sprintf("survey_v%d.dta", v)), version = v)
}
stata_long <- stata
stata_long$comment <- df$comment                                       # strL (format 117+)
write_dta(stata_long, file.path(out, "survey_strl.dta"), version = 15)

# what R reads back: user-missing → NA (user_na = FALSE), tagged NA → NA
as_plain <- function(x) { v <- zap_labels(zap_missing(x)); if (is.character(v)) v else as.numeric(v) }
describe <- function(d) {
  lapply(names(d), function(nm) {
    x <- d[[nm]]
    labs <- attr(x, "labels")
    list(name = nm,
         label = attr(x, "label", exact = TRUE),
         values = as_plain(x),
         string_labels = if (is.character(x) && !is.null(labs)) as.list(setNames(names(labs), unname(labs))) else NULL,
         value_labels = if (is.null(labs) || is.character(x)) NULL else lapply(seq_along(labs), function(i) list(value = unname(as.numeric(labs[i])), label = names(labs)[i])))
  })
}
expected <- list(
  sav = describe(read_sav(file.path(out, "survey.sav"))),
  sav_bytecode = describe(read_sav(file.path(out, "survey_bytecode.sav"))),
  zsav = describe(read_sav(file.path(out, "survey.zsav"))),
  dta = describe(read_dta(file.path(out, "survey_v15.dta"))),
  dta_v8 = describe(read_dta(file.path(out, "survey_v8.dta"))),
  dta_strl = describe(read_dta(file.path(out, "survey_strl.dta")))
)
writeLines(toJSON(expected, auto_unbox = TRUE, null = "null", na = "null", digits = NA, pretty = TRUE),
           file.path(out, "expected_labelled.json"))
cat("wrote fixtures to", out, "\n")

# ---- Excel: a small two-sheet workbook written by openxlsx, and what readxl reads from the real RIVM file ----
suppressPackageStartupMessages({ library(openxlsx); library(readxl) })
wb <- createWorkbook()
addWorksheet(wb, "gemeenten")
addWorksheet(wb, "Tweede blad")
g <- data.frame(code = c("GM0363", "GM0518", "GM0344", "GM0599"),
                naam = c("Amsterdam", "'s-Gravenhage", "Utrecht", "Rotterdam"),
                inwoners = c(862965, 537833, 347483, 638712),
                aandeel = c(0.523, 0.561, NA, 0.515),
                peildatum = as.Date(c("2019-01-01", "2019-01-01", "2019-01-01", "2019-01-01")),
                stringsAsFactors = FALSE)
writeData(wb, "gemeenten", g)
t2 <- data.frame(jaar = 2012:2015, vertrouwen = c("58,1", "60,2", ".", "61,0"), stringsAsFactors = FALSE)  # StatLine-style text
writeData(wb, "Tweede blad", t2)
saveWorkbook(wb, file.path(out, "gemeenten.xlsx"), overwrite = TRUE)

rivm <- read_excel("data/real/rivm-gezondheid-wijkbuurt-2016/50090NED_2016_18plus.xlsx")
# the StatLine "untyped" export stores the percentages as text: a column whose every non-missing cell is a
# number counts as numeric (what Cohesion's reader does), its sum and NA count are compared
# (StatLine's "." is missing)
statline_na <- function(x) { if (is.character(x)) x[trimws(x) %in% c(".", "")] <- NA; x }
rivm[] <- lapply(rivm, statline_na)
numeric_like <- function(x) { v <- suppressWarnings(as.numeric(x)); all(is.na(x) == is.na(v)) }
num <- names(rivm)[sapply(rivm, numeric_like)]
for (v in num) rivm[[v]] <- as.numeric(rivm[[v]])
expected_xlsx <- list(
  rivm = list(rows = nrow(rivm), columns = ncol(rivm), names = names(rivm), numeric = num,
              sums = lapply(setNames(num, num), function(v) sum(rivm[[v]], na.rm = TRUE)),
              missing = lapply(setNames(num, num), function(v) sum(is.na(rivm[[v]]))),
              first = list(WijkenEnBuurten = rivm$WijkenEnBuurten[1], Gemeentenaam_1 = rivm$Gemeentenaam_1[1],
                           SociaalEenzaam_31 = rivm$SociaalEenzaam_31[1], last_code = rivm$Codering_3[nrow(rivm)])),
  gemeenten = lapply(as.list(read_excel(file.path(out, "gemeenten.xlsx"), sheet = 1)), function(x) if (inherits(x, "POSIXct")) format(x, "%Y-%m-%d") else x)
)
writeLines(toJSON(expected_xlsx, auto_unbox = TRUE, null = "null", na = "null", digits = NA, pretty = TRUE),
           file.path(out, "expected_xlsx.json"))
