//! The means-tested programmes: 低保 (with 单人户), 低保边缘 and 临时救助. Every comparison is
//! on household totals in fen, so "strictly below", "at or above" and "at most" are exact.

use super::reason::Reason;
use super::{Ctx, Eligibility, Estimate, Missing, Period, Programme, ProgrammeResult, result};
use crate::benefits::model::Emergency;
use crate::benefits::money::Fen;
use crate::benefits::policy::{Cited, Param};

/// The household's asset test and the figures it used.
pub(crate) struct Assets {
    pub reasons: Vec<Reason>,
    pub figure: Cited,
}

impl Assets {
    pub fn ok(&self) -> bool {
        self.reasons.is_empty()
    }
}

impl Ctx<'_> {
    /// Assets within the limits (Social Assistance Interim Measures 2014 art. 9: income and
    /// property both meet the local rules): savings at most months × standard × members, no
    /// car, no second home.
    pub(crate) fn assets(&self, standard: Fen) -> Result<Assets, Missing> {
        let (months, figure) = self.figs.number(Param::AssetLimitMonths)?;
        let mut reasons = Vec::new();
        let limit = standard.times(i64::from(months)).times(self.n);
        if self.h.savings > limit {
            reasons.push(Reason::AssetsOverLimit {
                savings: self.h.savings,
                limit,
                months,
                members: self.n as u32,
            });
        }
        if self.h.vehicles > 0 {
            reasons.push(Reason::OwnsVehicle);
        }
        if self.h.extra_housing {
            reasons.push(Reason::OwnsExtraHousing);
        }
        Ok(Assets { reasons, figure })
    }

    /// Strictly below the standard: total income < standard × members.
    pub(crate) fn below(&self, standard: Fen) -> bool {
        self.total < standard.times(self.n)
    }

    /// 低保: per-capita income strictly below the standard and assets within limits; the
    /// payment is the gap times household size, i.e. standard × members − total income.
    /// Members of a near-poor household with a severe disability or grave illness may be
    /// assessed as a single-person household (单人户).
    pub(crate) fn dibao(&self) -> Result<ProgrammeResult, Missing> {
        let (std, std_fig) = self.figs.standard(self.h.hukou)?;
        let assets = self.assets(std)?;
        let mut figures = vec![std_fig, assets.figure.clone()];
        let p = Programme::Dibao;
        let per_capita = self.total.per(self.n);
        if self.below(std) {
            if !assets.ok() {
                // Income alone does not make a household likely: no amount is promised, and the
                // income reason says the assets decide (audit finding 9).
                let mut reasons =
                    vec![Reason::IncomeBelowButAssetsOver { per_capita, standard: std }];
                reasons.extend(assets.reasons);
                return Ok(result(p, Eligibility::Unlikely, None, reasons, figures));
            }
            let amount = std.times(self.n) - self.total;
            let reasons = vec![Reason::IncomeBelowStandard {
                per_capita,
                total: self.total,
                standard: std,
                members: self.n as u32,
                amount,
            }];
            return Ok(result(
                p,
                Eligibility::Likely,
                Some(Estimate::monthly(amount)),
                reasons,
                figures,
            ));
        }
        let over_by = per_capita - std;
        let mut reasons =
            vec![Reason::IncomeAtOrAboveStandard { per_capita, standard: std, over_by }];
        let near = match self.figs.number(Param::NearPoorPercent) {
            Ok((percent, fig)) => {
                figures.push(fig);
                self.in_band(std, percent)
            }
            Err(Missing(param)) => {
                reasons.push(Reason::NoFigure { param, date: self.figs.date });
                false
            }
        };
        if near {
            reasons.push(Reason::NearMiss { over_by });
        }
        if near && assets.ok() {
            let mut total = Fen::ZERO;
            for (i, m) in self.h.members.iter().enumerate() {
                let qualifies = m.grave_illness || m.disability.is_some_and(|d| d.is_severe());
                let own = m.dibao_income();
                if qualifies && own < std {
                    let amount = std - own;
                    total += amount;
                    reasons.push(Reason::SinglePersonHousehold {
                        member: i,
                        own_income: own,
                        standard: std,
                        amount,
                    });
                }
            }
            if total > Fen::ZERO {
                return Ok(result(
                    p,
                    Eligibility::Maybe,
                    Some(Estimate::monthly(total)),
                    reasons,
                    figures,
                ));
            }
        }
        reasons.extend(assets.reasons);
        Ok(result(p, Eligibility::Unlikely, None, reasons, figures))
    }

    /// At or above the standard and strictly below percent % of it, compared exactly:
    /// total × 100 < standard × percent × members.
    fn in_band(&self, std: Fen, percent: u32) -> bool {
        !self.below(std) && self.total.times(100) < std.times(i64::from(percent)).times(self.n)
    }

    /// 低保边缘: per-capita income at or above the standard but under percent % of it (150
    /// nationally, 民政部等 2023《关于加强低收入人口动态监测做好分层分类社会救助工作的意见》),
    /// assets within limits. A status that opens specialised assistance; no cash of its own.
    pub(crate) fn near_poor(&self) -> Result<ProgrammeResult, Missing> {
        let (std, std_fig) = self.figs.standard(self.h.hukou)?;
        let (percent, pct_fig) = self.figs.number(Param::NearPoorPercent)?;
        let assets = self.assets(std)?;
        let figures = vec![std_fig, pct_fig, assets.figure.clone()];
        let p = Programme::NearPoor;
        let per_capita = self.total.per(self.n);
        // Income is whole fen, so "below the exact upper limit" = "below it rounded up".
        let upper = std.percent_ceil(percent);
        if self.below(std) {
            return Ok(result(
                p,
                Eligibility::Unlikely,
                None,
                vec![Reason::BelowNearPoorBand],
                figures,
            ));
        }
        if !self.in_band(std, percent) {
            let r = Reason::AboveNearPoorBand { per_capita, upper };
            return Ok(result(p, Eligibility::Unlikely, None, vec![r], figures));
        }
        let mut reasons =
            vec![Reason::InNearPoorBand { per_capita, standard: std, upper, percent }];
        if assets.ok() {
            Ok(result(p, Eligibility::Likely, None, reasons, figures))
        } else {
            reasons.extend(assets.reasons);
            Ok(result(p, Eligibility::Unlikely, None, reasons, figures))
        }
    }

    /// One-off temporary assistance: the urban 低保 standard × persons × 1 to `max_months`.
    fn temp_range(&self) -> Result<(Estimate, Fen, u32, Vec<Cited>), Missing> {
        let (urban, urban_fig) = self.figs.money(Param::DibaoUrban)?;
        let (months, months_fig) = self.figs.number(Param::TempMaxMonths)?;
        let month = urban.times(self.n);
        let e =
            Estimate { min: month, max: month.times(i64::from(months)), period: Period::OneOff };
        Ok((e, urban, months, vec![urban_fig, months_fig]))
    }

    /// The means check of 临时救助. The documents give it only to a household whose basic
    /// living is in hardship: "导致基本生活陷入困境" (Tianmen plan 第二章第四节, 003 l.264;
    /// Anning plan 三(二)4, 001 l.74) and, for the expenditure type, costs "beyond what the
    /// household can bear" (../shared/domain/README.md, rules: 临时救助). Income per person
    /// (after the costs, for the expenditure type) at or above the 低保边缘 upper limit (the
    /// `near_poor_percent` of the standard, 1.5 × nationally, README: 低保边缘) and assets over
    /// the 低保 limits together: unlikely; one of the two: maybe (it depends on whether basic
    /// living is in hardship, which the bureau establishes); neither: as the rule says.
    /// A figure not in force on the date leaves the check undone: at most maybe.
    fn temp_means(&self, income: Fen, after_costs: bool) -> TempMeans {
        let checked = (|| -> Result<_, Missing> {
            let (std, std_fig) = self.figs.standard(self.h.hukou)?;
            let (percent, pct_fig) = self.figs.number(Param::NearPoorPercent)?;
            let assets = self.assets(std)?;
            Ok((std, std_fig, percent, pct_fig, assets))
        })();
        match checked {
            Err(Missing(param)) => TempMeans {
                cap: Eligibility::Maybe,
                reasons: vec![Reason::TempMeansUnchecked { param, date: self.figs.date }],
                figures: vec![],
            },
            Ok((std, std_fig, percent, pct_fig, assets)) => {
                let income_high =
                    income.max(Fen::ZERO).times(100) >= std.times(i64::from(percent)).times(self.n);
                let assets_over = !assets.ok();
                let figures = vec![std_fig, pct_fig, assets.figure.clone()];
                if !income_high && !assets_over {
                    return TempMeans { cap: Eligibility::Likely, reasons: vec![], figures };
                }
                let cap = if income_high && assets_over {
                    Eligibility::Unlikely
                } else {
                    Eligibility::Maybe
                };
                let mut reasons = vec![Reason::TempMeans {
                    per_capita: income.per(self.n).max(Fen::ZERO),
                    upper: std.percent_ceil(percent),
                    percent,
                    income_high,
                    assets_over,
                    after_costs,
                }];
                reasons.extend(assets.reasons);
                TempMeans { cap, reasons, figures }
            }
        }
    }

    /// 临时救助, 急难型 (Social Assistance Interim Measures 2014 ch. 8): a sudden accident, fire
    /// or grave illness that leaves basic living in hardship (see `temp_means`).
    pub(crate) fn temp_emergency(&self) -> Result<ProgrammeResult, Missing> {
        let p = Programme::TempEmergency;
        if self.h.emergency == Emergency::None {
            return Ok(result(p, Eligibility::Unlikely, None, vec![Reason::NoHardship], vec![]));
        }
        let (range, standard, max_months, mut figures) = self.temp_range()?;
        let means = self.temp_means(self.total, false);
        let how = Reason::EmergencyHardship {
            emergency: self.h.emergency,
            standard,
            members: self.n as u32,
            max_months,
        };
        // An unlikely card opens with why (the household's means), not with how it is paid.
        let reasons = if means.cap == Eligibility::Unlikely {
            means.reasons.into_iter().chain([how]).collect()
        } else {
            std::iter::once(how).chain(means.reasons).collect()
        };
        figures.extend(means.figures);
        Ok(result(p, means.cap, Some(range), reasons, figures))
    }

    /// 临时救助, 支出型: rigid medical or school costs push income after those costs strictly
    /// below the 低保 standard, and the means check (`temp_means`) on income after the costs.
    pub(crate) fn temp_expenditure(&self) -> Result<ProgrammeResult, Missing> {
        let p = Programme::TempExpenditure;
        let expenses = self.h.medical_monthly + self.h.education_monthly;
        if expenses.is_zero() {
            return Ok(result(p, Eligibility::Unlikely, None, vec![Reason::NoHardship], vec![]));
        }
        let (std, std_fig) = self.figs.standard(self.h.hukou)?;
        let after = self.total - expenses;
        let per_capita_after = after.per(self.n).max(Fen::ZERO);
        if after >= std.times(self.n) {
            let r = Reason::ExpensesNotEnough { per_capita_after, standard: std };
            return Ok(result(p, Eligibility::Unlikely, None, vec![r], vec![std_fig]));
        }
        let (range, _, _, mut figures) = self.temp_range()?;
        figures.insert(0, std_fig);
        let already_below = self.below(std);
        let mut reasons = vec![Reason::ExpenditureHardship {
            per_capita_after,
            expenses,
            standard: std,
            already_below,
        }];
        // Already under the line: 低保 comes first; temporary help may top it up.
        let e = if already_below { Eligibility::Maybe } else { Eligibility::Likely };
        let means = self.temp_means(after, true);
        reasons.extend(means.reasons);
        figures.extend(means.figures);
        Ok(result(p, e.min(means.cap), Some(range), reasons, figures))
    }
}

/// What the 临时救助 means check allows (the best eligibility), why, and the figures it used.
struct TempMeans {
    cap: Eligibility,
    reasons: Vec<Reason>,
    figures: Vec<Cited>,
}
