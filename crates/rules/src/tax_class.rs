//! Tax classes: how one kind of goods is taxed (VAT band, consumption tax, MFN tariff).
//!
//! A [`TaxClass`] says *which* VAT band and consumption-tax (消费税, CT) method apply;
//! the rates that change by date (VAT 17 → 16 → 13 %, cosmetics CT 30 → 15 %) come from
//! the [`RuleSet`]. Named presets ([`PRESET_IDS`]) cover the classes a shopper meets;
//! their MFN tariff rates are defaults that a caller may override.
//!
//! In JSON a line's tax class is either a preset id (`"wine"`), a preset with overrides
//! (`{"preset": "watch", "mfn_rate": "0.11"}`) or a full class
//! (`{"vat": "standard", "consumption_tax": {"method": "none"}, "mfn_rate": "0.08"}`).
//! Rates are fractions written as strings: `"0.13"` is 13 %.

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{Error, Money, RuleSet};

/// The VAT band of a class; the rate of each band comes from the rule set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VatBand {
    /// The standard rate (17 %, 16 %, 13 %).
    Standard,
    /// The reduced rate for agricultural products, edible oil, books and the like
    /// (13 %, 11 %, 10 %, 9 %).
    Reduced,
}

/// A specific levy: `yuan` for every `per` kilograms or litres.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Levy {
    /// Tax in yuan for each `per` units.
    pub yuan: Decimal,
    /// The quantity the levy is stated for, in kilograms or litres (`988` for beer's
    /// tonne in litres).
    pub per: Decimal,
}

/// The specific consumption tax of a class, by mass or by volume of the goods.
///
/// A line's [`Content`](crate::declaration::Content) decides which levy applies; a
/// class may state both, because statutes quote beer per tonne and customs per litre.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitTax {
    /// The levy per mass, `per` in kilograms.
    #[serde(default)]
    pub by_mass: Option<Levy>,
    /// The levy per volume, `per` in litres.
    #[serde(default)]
    pub by_volume: Option<Levy>,
}

/// A lower specific levy for goods priced below a price per tonne (beer: 220 instead
/// of 250 yuan per tonne below 3,000 yuan per tonne).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LowerTier {
    /// The lower levy applies when the price per tonne is below this amount.
    pub below_price_per_tonne: Money,
    /// Litres in one tonne, used when the content is a volume (988 for beer).
    pub litres_per_tonne: Decimal,
    /// The lower levy.
    pub unit_tax: UnitTax,
}

/// The consumption-tax method of a class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case", deny_unknown_fields)]
pub enum ConsumptionTax {
    /// No consumption tax.
    None,
    /// A rate on the composite price: CT = (DV + tariff) / (1 − rate) × rate.
    AdValorem {
        /// The rate, below 1.
        rate: Decimal,
        /// CT only when the dutiable value per piece reaches this amount (watches:
        /// 10,000 yuan).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_price_per_piece: Option<Money>,
    },
    /// A levy per mass or volume: CT = quantity × levy.
    Specific {
        /// The levy.
        unit_tax: UnitTax,
        /// A lower levy below a price per tonne.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        lower_tier: Option<LowerTier>,
    },
    /// Both: CT = (DV + tariff + levy) / (1 − rate) × rate + levy.
    Compound {
        /// The ad-valorem rate, below 1.
        rate: Decimal,
        /// The specific levy.
        unit_tax: UnitTax,
    },
    /// Cosmetics: ad valorem at the rule set's cosmetics rate, charged on every cosmetic
    /// while the rule set taxes ordinary cosmetics and otherwise only on high-end
    /// cosmetics, those whose dutiable value reaches either threshold.
    Cosmetics {
        /// High-end from this dutiable value per millilitre or gram (10 yuan).
        high_end_per_ml_or_g: Money,
        /// High-end from this dutiable value per sheet or piece (15 yuan).
        high_end_per_sheet: Money,
    },
}

/// The taxation of one kind of goods: VAT band, consumption tax and MFN tariff rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaxClass {
    /// The preset this class comes from, if any (overrides keep the id).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preset: Option<String>,
    /// The VAT band.
    pub vat: VatBand,
    /// The consumption-tax method.
    pub consumption_tax: ConsumptionTax,
    /// The most-favoured-nation tariff rate, charged only under full tax (the
    /// single-item exception); within the limits the tariff is 0.
    pub mfn_rate: Decimal,
}

/// The ids of the named presets, in the order a dropdown lists them.
pub const PRESET_IDS: [&str; 8] = [
    "general",
    "reduced_9",
    "cosmetics",
    "wine",
    "beer",
    "spirits",
    "jewellery",
    "watch",
];

const fn rate(hundredths: u32) -> Decimal {
    Decimal::from_parts(hundredths, 0, 0, false, 2)
}

const fn dec(value: u32, scale: u32) -> Decimal {
    Decimal::from_parts(value, 0, 0, false, scale)
}

fn yuan(value: i64) -> Money {
    Money::from_yuan(value).expect("preset amounts are in range")
}

/// The beer levy: `yuan` per tonne, a tonne being 1,000 kg or 988 litres.
fn beer_levy(yuan: u32) -> UnitTax {
    UnitTax {
        by_mass: Some(Levy {
            yuan: dec(yuan, 0),
            per: dec(1000, 0),
        }),
        by_volume: Some(Levy {
            yuan: dec(yuan, 0),
            per: dec(988, 0),
        }),
    }
}

impl TaxClass {
    /// Returns the preset with the given id, or `None` for an unknown id.
    ///
    /// MFN rates of the presets are defaults for full tax only (see DESIGN.md): general
    /// and 9 % goods 10 %, cosmetics 5 %, wine 14 %, beer 0 %, spirits 10 %, jewellery
    /// 10 %, watches 11 %.
    pub fn preset(id: &str) -> Option<TaxClass> {
        let (vat, consumption_tax, mfn_rate) = match id {
            "general" => (VatBand::Standard, ConsumptionTax::None, rate(10)),
            "reduced_9" => (VatBand::Reduced, ConsumptionTax::None, rate(10)),
            "cosmetics" => (
                VatBand::Standard,
                ConsumptionTax::Cosmetics {
                    high_end_per_ml_or_g: yuan(10),
                    high_end_per_sheet: yuan(15),
                },
                rate(5),
            ),
            "wine" => (
                VatBand::Standard,
                ConsumptionTax::AdValorem {
                    rate: rate(10),
                    min_price_per_piece: None,
                },
                rate(14),
            ),
            "beer" => (
                VatBand::Standard,
                ConsumptionTax::Specific {
                    unit_tax: beer_levy(250),
                    lower_tier: Some(LowerTier {
                        below_price_per_tonne: yuan(3_000),
                        litres_per_tonne: dec(988, 0),
                        unit_tax: beer_levy(220),
                    }),
                },
                rate(0),
            ),
            "spirits" => (
                VatBand::Standard,
                ConsumptionTax::Compound {
                    rate: rate(20),
                    unit_tax: UnitTax {
                        // 0.5 yuan per 500 g; customs states the same levy as 0.912 yuan
                        // per litre for goods declared by volume.
                        by_mass: Some(Levy {
                            yuan: dec(5, 1),
                            per: dec(5, 1),
                        }),
                        by_volume: Some(Levy {
                            yuan: dec(912, 3),
                            per: dec(1, 0),
                        }),
                    },
                },
                rate(10),
            ),
            "jewellery" => (
                VatBand::Standard,
                ConsumptionTax::AdValorem {
                    rate: rate(10),
                    min_price_per_piece: None,
                },
                rate(10),
            ),
            "watch" => (
                VatBand::Standard,
                ConsumptionTax::AdValorem {
                    rate: rate(20),
                    min_price_per_piece: Some(yuan(10_000)),
                },
                rate(11),
            ),
            _ => return None,
        };
        Some(TaxClass {
            preset: Some(id.to_owned()),
            vat,
            consumption_tax,
            mfn_rate,
        })
    }

    /// Returns every preset, in the order of [`PRESET_IDS`].
    pub fn presets() -> Vec<TaxClass> {
        PRESET_IDS
            .iter()
            .filter_map(|id| TaxClass::preset(id))
            .collect()
    }

    /// Checks the rates and levies of a custom class.
    ///
    /// # Errors
    ///
    /// [`Error::RateOutOfRange`] for a consumption-tax rate outside 0 ≤ rate < 1 or an
    /// MFN rate outside 0 ≤ rate ≤ 10, [`Error::LevyNotPositive`] for a levy stated per
    /// zero or negative units or a negative levy; each wrapped with its field path.
    pub fn validate(&self) -> Result<(), Error> {
        check_rate(self.mfn_rate, Decimal::TEN, true).map_err(|e| e.at("mfn_rate"))?;
        let check_unit_tax = |unit_tax: &UnitTax| -> Result<(), Error> {
            check_levy(unit_tax.by_mass).map_err(|e| e.at("by_mass"))?;
            check_levy(unit_tax.by_volume).map_err(|e| e.at("by_volume"))
        };
        let result = match &self.consumption_tax {
            ConsumptionTax::None | ConsumptionTax::Cosmetics { .. } => Ok(()),
            ConsumptionTax::AdValorem { rate, .. } => {
                check_rate(*rate, Decimal::ONE, false).map_err(|e| e.at("rate"))
            }
            ConsumptionTax::Specific {
                unit_tax,
                lower_tier,
            } => {
                check_unit_tax(unit_tax).map_err(|e| e.at("unit_tax"))?;
                match lower_tier {
                    Some(tier) => {
                        check_unit_tax(&tier.unit_tax)
                            .map_err(|e| e.at("unit_tax").at("lower_tier"))?;
                        check_levy(Some(Levy {
                            yuan: Decimal::ZERO,
                            per: tier.litres_per_tonne,
                        }))
                        .map_err(|e| e.at("litres_per_tonne").at("lower_tier"))
                    }
                    None => Ok(()),
                }
            }
            ConsumptionTax::Compound { rate, unit_tax } => {
                check_rate(*rate, Decimal::ONE, false).map_err(|e| e.at("rate"))?;
                check_unit_tax(unit_tax).map_err(|e| e.at("unit_tax"))
            }
        };
        result.map_err(|e| e.at("consumption_tax"))
    }

    /// Returns the ad-valorem consumption-tax rate in force under `rules`, or `None`
    /// for classes without one (no CT, specific CT).
    pub fn ad_valorem_rate(&self, rules: &RuleSet) -> Option<Decimal> {
        match self.consumption_tax {
            ConsumptionTax::None | ConsumptionTax::Specific { .. } => None,
            ConsumptionTax::AdValorem { rate, .. } | ConsumptionTax::Compound { rate, .. } => {
                Some(rate)
            }
            ConsumptionTax::Cosmetics { .. } => Some(rules.cosmetics_ct_rate),
        }
    }

    /// Returns the comprehensive tax rates of the class under `rules`, or `None` when
    /// the tax depends on quantity (specific and compound CT) and no single rate exists.
    ///
    /// Within the limits the rate is share × (c + v) / (1 − c), under full tax
    /// (t + c + v + t·v) / (1 − c); for the general class in 2026 that is 9.1 % and for
    /// high-end cosmetics 23.06 %.
    pub fn comprehensive_rates(&self, rules: &RuleSet) -> Option<ComprehensiveRates> {
        let v = rules.vat_rate(self.vat);
        let share = rules.within_limit_share;
        let t = self.mfn_rate;
        let within = |c: Decimal| share * (c + v) / (Decimal::ONE - c);
        let full = |c: Decimal| (t + c + v + t * v) / (Decimal::ONE - c);

        let (with_ct, has_threshold) = match self.consumption_tax {
            ConsumptionTax::Specific { .. } | ConsumptionTax::Compound { .. } => return None,
            ConsumptionTax::None => (Decimal::ZERO, false),
            ConsumptionTax::AdValorem {
                rate,
                min_price_per_piece,
            } => (rate, min_price_per_piece.is_some()),
            ConsumptionTax::Cosmetics { .. } => {
                (rules.cosmetics_ct_rate, !rules.ordinary_cosmetics_taxed)
            }
        };
        Some(ComprehensiveRates {
            within_limits: Percent(within(with_ct)),
            full: Percent(full(with_ct)),
            within_limits_below_threshold: has_threshold.then(|| Percent(within(Decimal::ZERO))),
            full_below_threshold: has_threshold.then(|| Percent(full(Decimal::ZERO))),
        })
    }
}

fn check_rate(value: Decimal, below: Decimal, inclusive: bool) -> Result<(), Error> {
    // Compared on the integer mantissas at a common scale, which is several times
    // cheaper than a decimal comparison across scales; both fit i128 (scale ≤ 28).
    let scale = 10i128.pow(value.scale());
    let max = below.mantissa() * scale / 10i128.pow(below.scale());
    let mantissa = value.mantissa();
    let above_max = if inclusive {
        mantissa > max
    } else {
        mantissa >= max
    };
    if mantissa < 0 || above_max {
        return Err(Error::RateOutOfRange {
            input: value.to_string(),
            max: below.to_string(),
        });
    }
    Ok(())
}

fn check_levy(levy: Option<Levy>) -> Result<(), Error> {
    match levy {
        Some(levy) if levy.per <= Decimal::ZERO || levy.yuan < Decimal::ZERO => {
            Err(Error::LevyNotPositive {
                yuan: levy.yuan.to_string(),
                per: levy.per.to_string(),
            })
        }
        _ => Ok(()),
    }
}

/// The comprehensive tax rates of a class, as displayable percentages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ComprehensiveRates {
    /// Within the limits, with the class's consumption tax charged.
    pub within_limits: Percent,
    /// Full tax (single-item exception), with the consumption tax charged.
    pub full: Percent,
    /// Within the limits, below the class's threshold (no consumption tax); `None`
    /// when the class has no threshold.
    pub within_limits_below_threshold: Option<Percent>,
    /// Full tax below the class's threshold.
    pub full_below_threshold: Option<Percent>,
}

/// An exact rate shown as a percentage: the fraction 0.091 displays as `9.1%`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Percent(pub Decimal);

impl Percent {
    /// Returns the exact fraction (0.230588… for 23.06 %), for computing with.
    pub fn fraction(self) -> Decimal {
        self.0
    }

    /// Returns the percentage rounded half-up to two decimals, trailing zeros removed:
    /// `9.1`, `23.06`.
    pub fn display_value(self) -> Decimal {
        (self.0 * Decimal::ONE_HUNDRED)
            .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
            .normalize()
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", self.display_value())
    }
}

impl Serialize for Percent {
    /// Serializes as the rounded percentage string without the sign: `"23.06"`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.display_value())
    }
}

/// The JSON object form of a tax class: a preset with overrides, or a full class.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TaxClassFields {
    preset: Option<String>,
    vat: Option<VatBand>,
    consumption_tax: Option<ConsumptionTax>,
    mfn_rate: Option<Decimal>,
}

impl TaxClassFields {
    fn into_class<E: de::Error>(self) -> Result<TaxClass, E> {
        let base = match &self.preset {
            Some(id) => Some(lookup(id)?),
            None => None,
        };
        let vat = match (self.vat, &base) {
            (Some(vat), _) => vat,
            (None, Some(base)) => base.vat,
            (None, None) => return Err(de::Error::missing_field("vat")),
        };
        let mfn_rate = match (self.mfn_rate, &base) {
            (Some(rate), _) => rate,
            (None, Some(base)) => base.mfn_rate,
            (None, None) => return Err(de::Error::missing_field("mfn_rate")),
        };
        let consumption_tax = self
            .consumption_tax
            .or(base.map(|base| base.consumption_tax))
            .unwrap_or(ConsumptionTax::None);
        Ok(TaxClass {
            preset: self.preset,
            vat,
            consumption_tax,
            mfn_rate,
        })
    }
}

fn lookup<E: de::Error>(id: &str) -> Result<TaxClass, E> {
    TaxClass::preset(id).ok_or_else(|| {
        de::Error::custom(Error::UnknownTaxClass {
            input: id.to_owned(),
        })
    })
}

impl<'de> Deserialize<'de> for TaxClass {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<TaxClass, D::Error> {
        struct ClassVisitor;

        impl<'de> Visitor<'de> for ClassVisitor {
            type Value = TaxClass;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a preset id such as \"general\" or a tax-class object")
            }

            fn visit_str<E: de::Error>(self, id: &str) -> Result<TaxClass, E> {
                lookup(id)
            }

            fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<TaxClass, M::Error> {
                let fields =
                    TaxClassFields::deserialize(de::value::MapAccessDeserializer::new(map))?;
                fields.into_class()
            }
        }

        deserializer.deserialize_any(ClassVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn rates(id: &str, day: time::Date) -> ComprehensiveRates {
        let rules = RuleSet::on(day).unwrap();
        TaxClass::preset(id)
            .unwrap()
            .comprehensive_rates(rules)
            .unwrap()
    }

    #[test]
    fn comprehensive_rates_of_presets() {
        let day = date!(2026 - 03 - 01);
        assert_eq!(rates("general", day).within_limits.to_string(), "9.1%");
        assert_eq!(rates("reduced_9", day).within_limits.to_string(), "6.3%");
        assert_eq!(rates("cosmetics", day).within_limits.to_string(), "23.06%");
        assert_eq!(
            rates("cosmetics", day)
                .within_limits_below_threshold
                .unwrap()
                .to_string(),
            "9.1%"
        );
        assert_eq!(rates("wine", day).within_limits.to_string(), "17.89%");
        assert_eq!(
            rates("general", date!(2018 - 06 - 01))
                .within_limits
                .to_string(),
            "11.2%"
        );
        assert_eq!(rates("watch", day).full.to_string(), "56.79%");
    }

    #[test]
    fn specific_classes_have_no_single_rate() {
        let rules = RuleSet::latest();
        assert!(TaxClass::preset("beer")
            .unwrap()
            .comprehensive_rates(rules)
            .is_none());
        assert!(TaxClass::preset("spirits")
            .unwrap()
            .comprehensive_rates(rules)
            .is_none());
    }

    #[test]
    fn every_preset_id_resolves_and_validates() {
        for id in PRESET_IDS {
            let class = TaxClass::preset(id).unwrap();
            assert_eq!(class.preset.as_deref(), Some(id));
            class.validate().unwrap();
        }
        assert!(TaxClass::preset("perfume").is_none());
    }

    #[test]
    fn deserializes_id_override_and_custom() {
        let by_id: TaxClass = serde_json::from_str("\"wine\"").unwrap();
        assert_eq!(by_id, TaxClass::preset("wine").unwrap());

        let overridden: TaxClass =
            serde_json::from_str(r#"{"preset":"watch","mfn_rate":"0.08"}"#).unwrap();
        assert_eq!(overridden.mfn_rate, rate(8));
        assert_eq!(
            overridden.consumption_tax,
            TaxClass::preset("watch").unwrap().consumption_tax
        );

        let custom: TaxClass = serde_json::from_str(
            r#"{"vat":"reduced","consumption_tax":{"method":"ad_valorem","rate":"0.05"},"mfn_rate":"0.02"}"#,
        )
        .unwrap();
        assert_eq!(custom.preset, None);
        assert_eq!(
            custom.consumption_tax,
            ConsumptionTax::AdValorem {
                rate: rate(5),
                min_price_per_piece: None
            }
        );

        let unknown = serde_json::from_str::<TaxClass>("\"perfume\"").unwrap_err();
        assert!(unknown.to_string().contains("perfume"), "{unknown}");
        assert!(serde_json::from_str::<TaxClass>(r#"{"vat":"standard"}"#).is_err());
    }

    #[test]
    fn validate_rejects_rate_of_one() {
        let mut class = TaxClass::preset("wine").unwrap();
        class.consumption_tax = ConsumptionTax::AdValorem {
            rate: Decimal::ONE,
            min_price_per_piece: None,
        };
        let error = class.validate().unwrap_err();
        assert_eq!(error.field(), Some("consumption_tax.rate"));
        assert_eq!(error.code(), "tax_class.rate_out_of_range");
    }
}
