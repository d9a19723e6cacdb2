//! The seeded generator of the national benchmark data set, shared by the
//! `gen` example (which writes it to disk), the scale-s test
//! (`tests/national.rs`) and the benchmarks (`benches/national.rs`), which
//! generate it in memory. Each includes this file with `#[path]`.
//!
//! A port of the benchmark kit's `gen.py` with only the standard library.
//! The output is not byte-identical to gen.py's (Python's RNG is not
//! reproduced) but has the same shape, scales, fields and planting scheme, so
//! sizes and counts are comparable:
//!
//! | scale | provinces | regencies | districts | villages | region-years |
//! | ----- | --------- | --------- | --------- | -------- | ------------ |
//! | s     | 1         | 14        | 140       | 1,400    | 15,550       |
//! | m     | 4         | 50        | 728       | 8,376    | 91,580       |
//! | l     | 38        | 514       | 7,277     | 83,763   | 915,920      |
//!
//! Same scale and seed, same bytes, on every platform.
//!
//! # Planting
//!
//! Figures are built so that every rule holds, then small seeded samples are
//! broken on purpose, with disjoint targets so that each plant trips exactly
//! one rule:
//!
//! * villages first; every parent's counts are the sums of its children's
//!   (R5 holds), computed after the children's plants;
//! * every village's `participants.bpu` rises by >= 1 a year (R2 holds at
//!   every level, as a district has >= 2 villages and a regency >= 2
//!   districts), is >= 1 (R7), and ends at 45..85 % of `informal_workers`
//!   (R6 holds for regencies); `apbd.bpu_allocation` covers
//!   `funded_workers * 16800 * 12` (R4) and is > 0 from 2021 on (R1);
//! * plants: a whole district flat for a year (R2 on it and each village, at
//!   most one per regency), single villages flat for a year (R2, at most one
//!   per district), village `bpu` 0 in 2015 (R7), `active_total` off by a few
//!   (R3, every level), parent `bpu` off by one in 2015 or 2024 (R5),
//!   regency `informal_workers` raised so the 2024 ratio is 12..26 % (R6),
//!   no budget from 2021 on (R1), an allocation short of the premiums (R4);
//! * decoys that must *not* be flagged: village `bpu` 0 where
//!   `informal_workers` is 0 too (R7), a village-year without `pmi` whose
//!   `active_total` is off (R3 needs all five figures), allocations exactly
//!   equal to the premiums (R4).
//!
//! [`Generated::verify`] evaluates R1..R7 on a generated province (in memory,
//! by the kit's semantics, without looking at the plants) and compares the
//! counts found with the counts planted.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::{self, Write};

const NY: usize = 10;
const YEARS: [i64; NY] = [2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024];
const LAST_I: usize = NY - 1;
/// Index of 2021, from which every regency funds BPU premiums and R1 applies.
const I2021: usize = 6;
const PREMIUM: i64 = 16800;
/// Rupiah per funded worker per year.
const YEARLY: i64 = PREMIUM * 12;
const SOURCE_ID: &str = "patuh-synthetic";

/// Kemendagri codes and (approximate) number of regencies/cities per
/// province; the 38 counts add up to 514.
const PROVINCES: [(&str, &str, usize); 38] = [
    ("11", "Aceh", 23),
    ("12", "Sumatera Utara", 33),
    ("13", "Sumatera Barat", 19),
    ("14", "Riau", 12),
    ("15", "Jambi", 11),
    ("16", "Sumatera Selatan", 17),
    ("17", "Bengkulu", 10),
    ("18", "Lampung", 15),
    ("19", "Kepulauan Bangka Belitung", 7),
    ("21", "Kepulauan Riau", 7),
    ("31", "DKI Jakarta", 6),
    ("32", "Jawa Barat", 27),
    ("33", "Jawa Tengah", 35),
    ("34", "DI Yogyakarta", 5),
    ("35", "Jawa Timur", 38),
    ("36", "Banten", 8),
    ("51", "Bali", 9),
    ("52", "Nusa Tenggara Barat", 10),
    ("53", "Nusa Tenggara Timur", 22),
    ("61", "Kalimantan Barat", 14),
    ("62", "Kalimantan Tengah", 14),
    ("63", "Kalimantan Selatan", 13),
    ("64", "Kalimantan Timur", 10),
    ("65", "Kalimantan Utara", 5),
    ("71", "Sulawesi Utara", 15),
    ("72", "Sulawesi Tengah", 13),
    ("73", "Sulawesi Selatan", 24),
    ("74", "Sulawesi Tenggara", 17),
    ("75", "Gorontalo", 6),
    ("76", "Sulawesi Barat", 6),
    ("81", "Maluku", 11),
    ("82", "Maluku Utara", 10),
    ("91", "Papua", 9),
    ("92", "Papua Barat", 7),
    ("93", "Papua Selatan", 4),
    ("94", "Papua Tengah", 8),
    ("95", "Papua Pegunungan", 8),
    ("96", "Papua Barat Daya", 6),
];

const SYL: [&str; 40] = [
    "ba", "bo", "bu", "da", "di", "do", "ga", "go", "ja", "ka", "ki", "ku", "la", "li", "lo", "lu",
    "ma", "mo", "mu", "na", "ni", "no", "nga", "ngi", "pa", "pi", "po", "ra", "ri", "ro", "ru",
    "sa", "si", "so", "ta", "ti", "to", "tu", "wa", "ya",
];
const SUFFIX: [&str; 6] = ["Utara", "Selatan", "Barat", "Timur", "Tengah", "Baru"];

// ---------------------------------------------------------------------------
// Random numbers

/// xoshiro256** seeded through SplitMix64. Only integer ops and IEEE basic
/// float ops (+ - * /) are used on its output, so a seed gives the same data
/// on every platform.
struct Rng([u64; 4]);

impl Rng {
    /// Seeds from a label such as `20240508/l/72` (FNV-1a, then SplitMix64),
    /// so each province has its own stream, independent of the others.
    fn from_label(label: &str) -> Rng {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in label.bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        let mut s = [0u64; 4];
        for x in &mut s {
            h = h.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = h;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            *x = z ^ (z >> 31);
        }
        Rng(s)
    }

    fn next_u64(&mut self) -> u64 {
        let s = &mut self.0;
        let out = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        out
    }

    /// Uniform in [0, 1).
    fn random(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    fn uniform(&mut self, a: f64, b: f64) -> f64 {
        a + (b - a) * self.random()
    }

    /// Uniform in 0..n (n > 0), unbiased (Lemire's multiply-and-reject).
    fn below(&mut self, n: usize) -> usize {
        let n = n as u64;
        let threshold = n.wrapping_neg() % n;
        loop {
            let m = u128::from(self.next_u64()) * u128::from(n);
            if (m as u64) >= threshold {
                return (m >> 64) as usize;
            }
        }
    }

    /// Uniform in a..=b, like Python's `randint`.
    fn randint(&mut self, a: i64, b: i64) -> i64 {
        a + self.below((b - a + 1) as usize) as i64
    }

    fn choice<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// Roughly lognormal(0, 0.5): an Irwin-Hall normal fed to a portable exp.
    fn lognormal_half(&mut self) -> f64 {
        let z: f64 = (0..12).map(|_| self.random()).sum::<f64>() - 6.0;
        exp(0.5 * z)
    }

    /// gen.py's `sample`: exactly `min(|pool|, max(1, round(rate * |population|)))`
    /// distinct items of the population that are not `excluded`, in random order.
    fn sample(
        &mut self,
        population: &[usize],
        rate: f64,
        excluded: impl Fn(usize) -> bool,
    ) -> Vec<usize> {
        let mut pool: Vec<usize> = population
            .iter()
            .copied()
            .filter(|&i| !excluded(i))
            .collect();
        let k = pool
            .len()
            .min(py_round(rate * population.len() as f64).max(1) as usize);
        for i in 0..k {
            let j = i + self.below(pool.len() - i);
            pool.swap(i, j);
        }
        pool.truncate(k);
        pool
    }
}

/// exp(x) for small |x| from basic float ops only (Taylor series on x/64,
/// squared six times), so its bits do not depend on the platform's libm.
fn exp(x: f64) -> f64 {
    let y = x / 64.0;
    let (mut term, mut sum) = (1.0, 1.0);
    for k in 1..12 {
        term *= y / f64::from(k);
        sum += term;
    }
    for _ in 0..6 {
        sum *= sum;
    }
    sum
}

/// Python's `round` (ties to even), which the sample sizes depend on.
fn py_round(x: f64) -> i64 {
    x.round_ties_even() as i64
}

/// Marks the given indices in a `0..n` membership table.
fn marks(n: usize, items: &[usize]) -> Vec<bool> {
    let mut m = vec![false; n];
    for &i in items {
        m[i] = true;
    }
    m
}

// ---------------------------------------------------------------------------
// Scales

struct Plan {
    provinces: Vec<(&'static str, &'static str, usize)>,
    /// Districts per regency, all provinces in order.
    districts: Vec<usize>,
    /// Villages per district, all provinces in order.
    villages: Vec<usize>,
}

fn scale_plan(scale: &str, seed: u64) -> Result<Plan, String> {
    let mut top = Rng::from_label(&format!("{seed}/{scale}/sizes"));
    Ok(match scale {
        // 1 province, 14 regencies, 10 districts each, 10 villages each.
        "s" => Plan {
            provinces: vec![("72", "Sulawesi Tengah", 14)],
            districts: vec![10; 14],
            villages: vec![10; 140],
        },
        // ~10 % of Indonesia: 4 provinces, 50 regencies, 728 districts, 8,376 villages.
        "m" => {
            let provinces = vec![
                ("72", "Sulawesi Tengah", 13),
                ("61", "Kalimantan Barat", 14),
                ("76", "Sulawesi Barat", 6),
                ("74", "Sulawesi Tenggara", 17),
            ];
            let districts = partition(&mut top, 728, 50, 2, 60);
            let villages = partition(&mut top, 8376, 728, 2, 60);
            Plan {
                provinces,
                districts,
                villages,
            }
        }
        // Indonesia: 38 provinces, 514 regencies, 7,277 districts, 83,763 villages.
        "l" => {
            let districts = partition(&mut top, 7277, 514, 2, 60);
            let villages = partition(&mut top, 83763, 7277, 2, 60);
            Plan {
                provinces: PROVINCES.to_vec(),
                districts,
                villages,
            }
        }
        _ => return Err(format!("unknown scale `{scale}` (s, m or l)")),
    })
}

/// Splits `total` into `n` uneven seeded integers in `minimum..=cap`: the
/// rest above the minimum goes by lognormal weights, remainders to the
/// largest fractions, then any surplus over the cap to the smallest entries.
fn partition(rng: &mut Rng, total: usize, n: usize, minimum: usize, cap: usize) -> Vec<usize> {
    assert!(n * minimum <= total && total <= n * cap);
    let weights: Vec<f64> = (0..n).map(|_| rng.lognormal_half()).collect();
    let wsum: f64 = weights.iter().sum();
    let rest = (total - n * minimum) as f64;
    let raw: Vec<f64> = weights.iter().map(|w| rest * w / wsum).collect();
    let mut counts: Vec<usize> = raw.iter().map(|x| minimum + *x as usize).collect();
    let mut order: Vec<usize> = (0..n).collect();
    // Stable sort, largest fraction first, as gen.py does.
    order.sort_by(|&a, &b| (raw[b] - raw[b].trunc()).total_cmp(&(raw[a] - raw[a].trunc())));
    let short = total - counts.iter().sum::<usize>();
    for &i in &order[..short] {
        counts[i] += 1;
    }
    for i in 0..n {
        while counts[i] > cap {
            let j = (0..n).min_by_key(|&k| counts[k]).unwrap();
            counts[i] -= 1;
            counts[j] += 1;
        }
    }
    assert_eq!(counts.iter().sum::<usize>(), total);
    counts
}

// ---------------------------------------------------------------------------
// The data

/// One region-year. Every region knows every figure except that a village's
/// `pmi` may be unknown (a decoy for R3).
#[derive(Clone, Copy, Default)]
struct Fig {
    workforce: i64,
    informal: i64,
    pu: i64,
    bpu: i64,
    jakon: i64,
    pmi: Option<i64>,
    active_total: i64,
}

/// A regency-year's budget (`funds_bpu`, `apbd`).
#[derive(Clone, Copy, Default)]
struct Budget {
    funds: bool,
    allocation: i64,
    funded_workers: i64,
}

struct Village {
    name: String,
    code: String,
    years: [Fig; NY],
}

struct District {
    name: String,
    code: String,
    years: [Fig; NY],
    villages: Vec<Village>,
}

struct Regency {
    name: String,
    code: String,
    city: bool,
    years: [Fig; NY],
    budget: [Budget; NY],
    districts: Vec<District>,
}

struct Province {
    name: String,
    code: String,
    years: [Fig; NY],
    regencies: Vec<Regency>,
}

impl Province {
    fn districts(&self) -> impl Iterator<Item = &District> {
        self.regencies.iter().flat_map(|r| &r.districts)
    }

    fn villages(&self) -> impl Iterator<Item = &Village> {
        self.districts().flat_map(|d| &d.villages)
    }

    /// Regions (province, regencies, districts, villages) times years.
    fn region_years(&self) -> usize {
        let regions = 1 + self.regencies.len() + self.districts().count() + self.villages().count();
        regions * NY
    }
}

/// Violations per rule, R1 at index 0.
pub type Counts = [usize; 7];

fn make_name(rng: &mut Rng, used: &mut HashSet<String>) -> String {
    loop {
        let k = rng.choice(&[2, 3, 3, 4]);
        let mut s = String::new();
        for _ in 0..k {
            s.push_str(rng.choice(&SYL));
        }
        s[..1].make_ascii_uppercase();
        if rng.random() < 0.15 {
            s.push(' ');
            s.push_str(rng.choice(&SUFFIX));
        }
        if used.insert(s.clone()) {
            return s;
        }
    }
}

/// Sums children's figures into a parent's (children without `pmi` add
/// nothing to it); `active_total` is left for `close`.
fn sum_children<'a>(children: impl Iterator<Item = &'a Fig>) -> Fig {
    let mut s = Fig {
        pmi: Some(0),
        ..Fig::default()
    };
    for c in children {
        s.workforce += c.workforce;
        s.informal += c.informal;
        s.pu += c.pu;
        s.bpu += c.bpu;
        s.jakon += c.jakon;
        s.pmi = Some(s.pmi.unwrap() + c.pmi.unwrap_or(0));
    }
    s
}

/// Sets a parent's `active_total` to its segment sum, or off it (R3 plant).
fn close(rng: &mut Rng, f: &mut Fig, r3: bool) {
    f.active_total = f.pu + f.bpu + f.jakon + f.pmi.unwrap_or(0);
    if r3 {
        f.active_total += rng.choice(&[-50, -7, -1, 1, 9, 120]);
    }
}

/// +1 on a parent's `bpu`, -1 in the first year: a nudge that trips R5 and
/// cannot flatten the next year's rise (R2).
fn r5_nudge(yi: usize) -> i64 {
    if yi == 0 { -1 } else { 1 }
}

/// A (region, year index) pair, encoded as one index into `0..regions * NY`.
fn pair(i: usize, yi: usize) -> usize {
    i * NY + yi
}

fn all(n: usize) -> Vec<usize> {
    (0..n).collect()
}

/// Every (region, year index) pair for `n` regions and the given years.
fn pairs(n: usize, yis: &[usize]) -> Vec<usize> {
    (0..n)
        .flat_map(|i| yis.iter().map(move |&yi| pair(i, yi)))
        .collect()
}

/// Regencies with their districts and villages: names and codes, no figures
/// yet. Also returns, by flat index, each district's regency and each
/// village's district.
fn skeleton(
    code: &str,
    dist_counts: &[usize],
    vil_counts: &[usize],
    rng: &mut Rng,
) -> (Vec<Regency>, Vec<usize>, Vec<usize>) {
    let n_reg = dist_counts.len();
    // The last ~15 % of a province's second-level regions are cities (kota),
    // numbered from 71 as Kemendagri does.
    let n_city = if n_reg > 3 {
        py_round(n_reg as f64 * 0.15).max(1) as usize
    } else {
        0
    };
    let mut used = HashSet::new();
    let mut regs = Vec::with_capacity(n_reg);
    let mut vil_counts = vil_counts.iter();
    let (mut dist_reg, mut vil_dist) = (Vec::new(), Vec::new());
    for (ri, &nd) in dist_counts.iter().enumerate() {
        let city = ri >= n_reg - n_city;
        let rnum = if city {
            71 + ri - (n_reg - n_city)
        } else {
            ri + 1
        };
        let rname = make_name(rng, &mut used);
        let rcode = format!("{code}.{rnum:02}");
        let mut districts = Vec::with_capacity(nd);
        for di in 0..nd {
            let dcode = format!("{rcode}.{:02}", di + 1);
            let name = make_name(rng, &mut used);
            let nv = *vil_counts.next().expect("village plan too short");
            let base = if city { 1001 } else { 2001 }; // kelurahan vs desa numbering
            let villages = (0..nv)
                .map(|k| Village {
                    name: make_name(rng, &mut used),
                    code: format!("{dcode}.{}", base + k),
                    years: [Fig::default(); NY],
                })
                .collect();
            vil_dist.extend(std::iter::repeat_n(dist_reg.len(), nv));
            dist_reg.push(ri);
            districts.push(District {
                name,
                code: dcode,
                years: [Fig::default(); NY],
                villages,
            });
        }
        regs.push(Regency {
            name: if city { format!("Kota {rname}") } else { rname },
            code: rcode,
            city,
            years: [Fig::default(); NY],
            budget: [Budget::default(); NY],
            districts,
        });
    }
    (regs, dist_reg, vil_dist)
}

/// Where violations go, chosen before any figure exists (R4's targets are
/// chosen later, among the regency-years that end up funded). Indices are
/// flat within the province; `Option<usize>` holds a year index.
struct Plants {
    /// R2: district flat in that year, with all its villages.
    flat_d: Vec<Option<usize>>,
    /// R2: a single village flat in that year.
    r2v: Vec<Option<usize>>,
    r7: Vec<bool>,
    r7_decoy: Vec<bool>,
    /// R3 by (region, year) pair, and decoys without `pmi`.
    r3v: Vec<bool>,
    r3v_decoy: Vec<bool>,
    r3d: Vec<bool>,
    r3r: Vec<bool>,
    r3p: Vec<bool>,
    /// R5: first or last year of a district / regency; any year of the province.
    r5d: Vec<Option<usize>>,
    r5r: Vec<Option<usize>>,
    r5p: Vec<bool>,
    r6: Vec<bool>,
    /// R1 by (regency, year) pair.
    r1: Vec<bool>,
}

impl Plants {
    /// Seeded samples at gen.py's rates, disjoint where they could interact.
    fn choose(rng: &mut Rng, nr: usize, dist_reg: &[usize], vil_dist: &[usize]) -> Plants {
        let (nd, nv) = (dist_reg.len(), vil_dist.len());
        let every_year = all(NY);
        // R5 only on the ends so its nudge never flattens a year; R1 from 2021.
        let (ends, late) = ([0, LAST_I], all(NY).split_off(I2021));

        // At most one flat district per regency: the regency's other
        // districts keep it rising.
        let mut flat_d = vec![None; nd];
        let mut reg_seen = vec![false; nr];
        for d in rng.sample(&all(nd), 0.01, |_| false) {
            if !std::mem::replace(&mut reg_seen[dist_reg[d]], true) {
                flat_d[d] = Some(1 + rng.below(NY - 1));
            }
        }
        let in_flat: Vec<bool> = vil_dist.iter().map(|&d| flat_d[d].is_some()).collect();
        let r7 = marks(nv, &rng.sample(&all(nv), 0.002, |v| in_flat[v]));
        let r7_decoy = marks(nv, &rng.sample(&all(nv), 0.001, |v| in_flat[v] || r7[v]));
        // At most one flat village per district, for the same reason.
        let mut r2v = vec![None; nv];
        let mut dist_seen = vec![false; nd];
        for v in rng.sample(&all(nv), 0.009, |v| in_flat[v] || r7[v] || r7_decoy[v]) {
            if !std::mem::replace(&mut dist_seen[vil_dist[v]], true) {
                r2v[v] = Some(1 + rng.below(NY - 1));
            }
        }
        let vil_years = all(nv * NY);
        let r3v = marks(nv * NY, &rng.sample(&vil_years, 0.0005, |_| false));
        let r3v_decoy = marks(nv * NY, &rng.sample(&vil_years, 0.0005, |p| r3v[p]));

        let mut r5d = vec![None; nd];
        for p in rng.sample(&pairs(nd, &ends), 0.001, |p| flat_d[p / NY].is_some()) {
            r5d[p / NY].get_or_insert(p % NY); // one per district
        }
        let r6 = marks(nr, &rng.sample(&all(nr), 0.05, |_| false));
        // R6 regencies keep their last-year bpu exact (a +1 would not matter,
        // but gen.py keeps them apart).
        let mut r5r = vec![None; nr];
        for p in rng.sample(&pairs(nr, &ends), 0.01, |p| r6[p / NY]) {
            r5r[p / NY].get_or_insert(p % NY); // one per regency
        }
        // The province gets an R5 (and below an R3) year only sometimes.
        let mut r5p = vec![false; NY];
        if rng.random() < 0.7 {
            r5p = marks(NY, &rng.sample(&every_year, 0.05, |_| false));
        }
        let r3d = marks(
            nd * NY,
            &rng.sample(&pairs(nd, &every_year), 0.001, |_| false),
        );
        let r3r = marks(
            nr * NY,
            &rng.sample(&pairs(nr, &every_year), 0.005, |_| false),
        );
        let mut r3p = vec![false; NY];
        if rng.random() < 0.5 {
            r3p = marks(NY, &rng.sample(&every_year, 0.05, |_| false));
        }
        let r1 = marks(nr * NY, &rng.sample(&pairs(nr, &late), 0.02, |_| false));
        Plants {
            flat_d,
            r2v,
            r7,
            r7_decoy,
            r3v,
            r3v_decoy,
            r3d,
            r3r,
            r3p,
            r5d,
            r5r,
            r5p,
            r6,
            r1,
        }
    }

    /// Violations these plants make, per rule (R4 is counted by its caller).
    fn counts(&self, p: &Province) -> Counts {
        let count = |m: &[bool]| m.iter().filter(|&&b| b).count();
        let some = |m: &[Option<usize>]| m.iter().filter(|x| x.is_some()).count();
        // A flat district trips R2 on itself and on each of its villages.
        let flat: usize = p
            .districts()
            .zip(&self.flat_d)
            .filter(|(_, f)| f.is_some())
            .map(|(d, _)| 1 + d.villages.len())
            .sum();
        [
            count(&self.r1),
            some(&self.r2v) + flat,
            count(&self.r3v) + count(&self.r3d) + count(&self.r3r) + count(&self.r3p),
            0,
            some(&self.r5d) + some(&self.r5r) + count(&self.r5p),
            count(&self.r6),
            count(&self.r7),
        ]
    }
}

/// Builds one province and returns it with the violations planted in it.
fn build_province(
    code: &str,
    pname: &str,
    dist_counts: &[usize],
    vil_counts: &[usize],
    rng: &mut Rng,
) -> (Province, Counts) {
    let (mut regs, dist_reg, vil_dist) = skeleton(code, dist_counts, vil_counts, rng);
    let plants = Plants::choose(rng, regs.len(), &dist_reg, &vil_dist);
    let villages = regs
        .iter_mut()
        .flat_map(|r| &mut r.districts)
        .flat_map(|d| &mut d.villages);
    for (vi, v) in villages.enumerate() {
        fill_village(
            rng,
            v,
            vi,
            plants.r2v[vi].or(plants.flat_d[vil_dist[vi]]),
            &plants,
        );
    }
    for (di, d) in regs.iter_mut().flat_map(|r| &mut r.districts).enumerate() {
        for yi in 0..NY {
            let mut f = sum_children(d.villages.iter().map(|v| &v.years[yi]));
            if plants.r5d[di] == Some(yi) {
                f.bpu += r5_nudge(yi); // R5
            }
            close(rng, &mut f, plants.r3d[pair(di, yi)]);
            d.years[yi] = f;
        }
    }
    let r4 = fill_regencies(rng, &mut regs, &plants);
    let mut years = [Fig::default(); NY];
    for (yi, y) in years.iter_mut().enumerate() {
        let mut f = sum_children(regs.iter().map(|r| &r.years[yi]));
        if plants.r5p[yi] {
            f.bpu += r5_nudge(yi); // R5
        }
        close(rng, &mut f, plants.r3p[yi]);
        *y = f;
    }
    let prov = Province {
        name: pname.to_string(),
        code: code.to_string(),
        years,
        regencies: regs,
    };
    let mut planted = plants.counts(&prov);
    planted[3] = r4;
    (prov, planted)
}

/// A village's figures: `informal_workers` grows slowly; `bpu` climbs from
/// 5..15 % to 45..85 % of it by >= 1 a year, except where planted.
fn fill_village(rng: &mut Rng, v: &mut Village, vi: usize, flat: Option<usize>, pl: &Plants) {
    let i0 = rng.randint(60, 3000) as f64;
    let g = rng.uniform(0.0, 0.02);
    let mut informal: [i64; NY] = std::array::from_fn(|yi| py_round(i0 * (1.0 + g * yi as f64)));
    let ratio_lo = rng.uniform(0.05, 0.15);
    let ratio_hi = rng.uniform(0.45, 0.85);
    let b0 = py_round(informal[0] as f64 * ratio_lo).max(1);
    let b9 = (b0 + 9).max(py_round(informal[LAST_I] as f64 * ratio_hi));
    let span = (b9 - b0) as f64;
    let w: [f64; NY - 1] = std::array::from_fn(|_| rng.uniform(0.7, 1.3));
    let ws: f64 = w.iter().sum();
    let mut bpu = [b0; NY];
    for yi in 1..NY {
        bpu[yi] = bpu[yi - 1] + ((span * w[yi - 1] / ws) as i64).max(1);
    }
    if pl.r7[vi] {
        bpu[0] = 0; // R7: informal > 0, bpu == 0
    }
    if pl.r7_decoy[vi] {
        bpu[0] = 0; // not R7: informal is 0 too
        informal[0] = 0;
    }
    if let Some(yi) = flat {
        bpu[yi] = bpu[yi - 1]; // R2: no rise this year (alone or district-wide)
    }
    for yi in 0..NY {
        let inf = informal[yi];
        let wf = if inf > 0 {
            py_round(inf as f64 / rng.uniform(0.55, 0.8))
        } else {
            rng.randint(50, 400)
        };
        let pu = py_round(wf as f64 * rng.uniform(0.05, 0.25));
        let jakon = rng.randint(0, 40);
        let pmi = rng.randint(0, 15);
        let mut total = pu + bpu[yi] + jakon + pmi;
        let mut pmi = Some(pmi);
        if pl.r3v_decoy[pair(vi, yi)] {
            pmi = None; // not R3: a segment is unknown
            total += rng.randint(1, 9);
        }
        if pl.r3v[pair(vi, yi)] {
            total += rng.choice(&[-3, -2, -1, 1, 2, 3]); // R3
        }
        v.years[yi] = Fig {
            workforce: wf,
            informal: inf,
            pu,
            bpu: bpu[yi],
            jakon,
            pmi,
            active_total: total,
        };
    }
}

/// Regency figures and budgets; plants R4 among the funded regency-years and
/// returns how many.
fn fill_regencies(rng: &mut Rng, regs: &mut [Regency], pl: &Plants) -> usize {
    let mut funded = Vec::new();
    for (ri, r) in regs.iter_mut().enumerate() {
        for yi in 0..NY {
            let mut f = sum_children(r.districts.iter().map(|d| &d.years[yi]));
            if pl.r5r[ri] == Some(yi) {
                f.bpu += r5_nudge(yi); // R5
            }
            if yi == LAST_I && pl.r6[ri] {
                // R6: raise informal_workers so bpu / informal is 12..26 %.
                let inf = (f.bpu as f64 / rng.uniform(0.12, 0.26)).ceil() as i64;
                f.informal = inf;
                f.workforce = f.workforce.max(py_round(inf as f64 / 0.7));
            }
            close(rng, &mut f, pl.r3r[pair(ri, yi)]);
            // Funding spreads over the years; from 2021 on every regency funds.
            let funds =
                (yi >= I2021 || rng.random() < 0.25 + 0.08 * yi as f64) && !pl.r1[pair(ri, yi)]; // R1: no allocation
            r.budget[yi] = if funds {
                let fw = py_round(f.bpu as f64 * rng.uniform(0.05, 0.3)).max(1);
                funded.push(pair(ri, yi));
                // At least the premiums for a year, plus up to three months.
                let allocation = fw * YEARLY + rng.randint(0, fw * PREMIUM * 3);
                Budget {
                    funds,
                    allocation,
                    funded_workers: fw,
                }
            } else {
                Budget::default()
            };
            r.years[yi] = f;
        }
    }
    let r4 = rng.sample(&funded, 0.02, |_| false);
    let r4_set = marks(regs.len() * NY, &r4);
    let r4_equal = rng.sample(&funded, 0.05, |p| r4_set[p]);
    for &p in &r4 {
        let b = &mut regs[p / NY].budget[p % NY];
        b.allocation = b.funded_workers * YEARLY - rng.randint(1, PREMIUM * 6); // R4
        assert!(b.allocation > 0, "an R4 plant must not trip R1");
    }
    for p in r4_equal {
        let b = &mut regs[p / NY].budget[p % NY];
        b.allocation = b.funded_workers * YEARLY; // not R4: exactly the premiums
    }
    r4.len()
}

// ---------------------------------------------------------------------------
// The independent check (--verify)

/// Evaluates R1..R7 on one province by the README's semantics, looking only
/// at the figures (not at the plants). The generator never leaves `bpu`,
/// `informal_workers` or `apbd` unknown, so only `pmi` can be missing.
fn check(p: &Province) -> Counts {
    let mut c = [0; 7];
    r2_r3(&p.years, &mut c);
    r5(&p.years, p.regencies.iter().map(|r| &r.years), &mut c);
    for r in &p.regencies {
        r2_r3(&r.years, &mut c);
        r5(&r.years, r.districts.iter().map(|d| &d.years), &mut c);
        for (yi, b) in r.budget.iter().enumerate() {
            c[0] += usize::from(YEARS[yi] >= 2021 && b.allocation <= 0); // R1
            c[3] += usize::from(b.funded_workers * PREMIUM * 12 > b.allocation); // R4
        }
        // R6 on the latest year; bpu / informal < 30 % in exact integers.
        let f = &r.years[LAST_I];
        c[5] += usize::from(f.informal > 0 && 10 * f.bpu < 3 * f.informal);
        for d in &r.districts {
            r2_r3(&d.years, &mut c);
            r5(&d.years, d.villages.iter().map(|v| &v.years), &mut c);
            for v in &d.villages {
                r2_r3(&v.years, &mut c);
                c[6] += v
                    .years
                    .iter()
                    .filter(|f| f.informal > 0 && f.bpu <= 0)
                    .count(); // R7
            }
        }
    }
    c
}

/// R2 (bpu rises every year after the first) and R3 (segments sum to
/// `active_total` where all are known) on one region.
fn r2_r3(years: &[Fig; NY], c: &mut Counts) {
    c[1] += years.windows(2).filter(|w| w[1].bpu <= w[0].bpu).count();
    c[2] += years
        .iter()
        .filter(|f| {
            f.pmi
                .is_some_and(|pmi| f.pu + f.bpu + f.jakon + pmi != f.active_total)
        })
        .count();
}

/// R5: a parent's bpu equals the sum of its children's, each year.
fn r5<'a>(parent: &[Fig; NY], children: impl Iterator<Item = &'a [Fig; NY]>, c: &mut Counts) {
    let mut sums = [0i64; NY];
    let mut any = false;
    for ch in children {
        any = true;
        for (s, f) in sums.iter_mut().zip(ch) {
            *s += f.bpu;
        }
    }
    if any {
        c[4] += parent
            .iter()
            .zip(&sums)
            .filter(|(f, s)| f.bpu != **s)
            .count();
    }
}

// ---------------------------------------------------------------------------
// YAML, written by hand in gen.py's block layout (fast, and no dependency)

const SPACES: &str = "                                        ";

/// A name as a plain scalar where that is safe, else double-quoted (YAML 1.1
/// would read a plain `No` or `On` as a boolean).
fn scalar(s: &str) -> String {
    const RESERVED: [&str; 9] = ["y", "n", "yes", "no", "true", "false", "on", "off", "null"];
    let plain = s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')
        && !RESERVED.contains(&s.to_ascii_lowercase().as_str());
    if plain { s.to_string() } else { quoted(s) }
}

/// A double-quoted YAML scalar (JSON escaping is valid YAML).
fn quoted(s: &str) -> String {
    let mut q = String::from("\"");
    for ch in s.chars() {
        match ch {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            c if c.is_control() => write!(q, "\\u{:04x}", c as u32).unwrap(),
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

fn write_years(
    w: &mut impl Write,
    ind: usize,
    years: &[Fig; NY],
    budget: Option<&[Budget; NY]>,
    source: bool,
) -> io::Result<()> {
    let pad = &SPACES[..ind];
    let p2 = &SPACES[..ind + 4];
    writeln!(w, "{pad}years:")?;
    for (yi, f) in years.iter().enumerate() {
        writeln!(w, "{pad}  {}:", YEARS[yi])?;
        writeln!(w, "{p2}workforce: {}", f.workforce)?;
        writeln!(w, "{p2}informal_workers: {}", f.informal)?;
        write!(
            w,
            "{p2}participants: {{ pu: {}, bpu: {}, jakon: {}",
            f.pu, f.bpu, f.jakon
        )?;
        match f.pmi {
            Some(pmi) => writeln!(w, ", pmi: {pmi} }}")?,
            None => writeln!(w, " }}")?,
        }
        writeln!(w, "{p2}active_total: {}", f.active_total)?;
        if let Some(b) = budget.map(|b| &b[yi]) {
            writeln!(w, "{p2}funds_bpu: {}", b.funds)?;
            writeln!(
                w,
                "{p2}apbd: {{ bpu_allocation: {}, funded_workers: {} }}",
                b.allocation, b.funded_workers
            )?;
            writeln!(w, "{p2}premium_monthly: {PREMIUM}")?;
        }
        if source {
            writeln!(w, "{p2}source: {SOURCE_ID}")?;
        }
    }
    Ok(())
}

fn write_yaml(w: &mut impl Write, p: &Province) -> io::Result<()> {
    writeln!(w, "province: {}", scalar(&p.name))?;
    writeln!(w, "code: {}", quoted(&p.code))?;
    writeln!(w, "sources:\n  {SOURCE_ID}:")?;
    let title = "Synthetic benchmark figures generated by patuh's examples/gen.rs; not real data";
    writeln!(w, "    title: {}", quoted(title))?;
    writeln!(
        w,
        "    publisher: {}",
        quoted("patuh benchmark generator (examples/gen.rs)")
    )?;
    writeln!(w, "    date: 2024-12-31")?;
    write_years(w, 0, &p.years, None, true)?;
    writeln!(w, "regencies:")?;
    for r in &p.regencies {
        writeln!(
            w,
            "  - name: {}\n    code: {}",
            scalar(&r.name),
            quoted(&r.code)
        )?;
        writeln!(w, "    kind: {}", if r.city { "city" } else { "regency" })?;
        write_years(w, 4, &r.years, Some(&r.budget), false)?;
        writeln!(w, "    districts:")?;
        for d in &r.districts {
            writeln!(
                w,
                "      - name: {}\n        code: {}",
                scalar(&d.name),
                quoted(&d.code)
            )?;
            write_years(w, 8, &d.years, None, false)?;
            writeln!(w, "        villages:")?;
            for v in &d.villages {
                writeln!(
                    w,
                    "          - name: {}\n            code: {}",
                    scalar(&v.name),
                    quoted(&v.code)
                )?;
                write_years(w, 12, &v.years, None, false)?;
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// The interface

/// The seed of the data sets the README's figures are measured on.
pub const DEFAULT_SEED: u64 = 20240508;

/// One generated province, with what was planted in it.
pub struct Generated {
    /// The province's Kemendagri code, e.g. `72`; its file is `<code>.yaml`.
    pub code: &'static str,
    /// Violations planted per rule, R1 at index 0.
    pub planted: Counts,
    /// Regencies and cities, districts and villages.
    pub regions: [usize; 3],
    /// Regions (province, regencies, districts, villages) times years.
    pub region_years: usize,
    province: Province,
}

impl Generated {
    /// The province file, in the data format's block layout.
    pub fn write_yaml(&self, w: &mut impl Write) -> io::Result<()> {
        write_yaml(w, &self.province)
    }

    /// The province file as text.
    pub fn yaml(&self) -> String {
        let mut out = Vec::with_capacity(self.region_years * 200);
        // INVARIANT: writing to a Vec cannot fail, and the writer emits UTF-8 only.
        self.write_yaml(&mut out).expect("writing to memory");
        String::from_utf8(out).expect("the generator writes UTF-8")
    }

    /// Evaluates R1..R7 on the figures, independently of the plants, and
    /// says where the counts found differ from the counts planted.
    pub fn verify(&self) -> Result<(), String> {
        let found = check(&self.province);
        if found == self.planted {
            Ok(())
        } else {
            Err(format!(
                "province {}: planted {:?}, found {found:?} (R1..R7)",
                self.code, self.planted
            ))
        }
    }
}

/// The provinces of a scale (`s`, `m` or `l`), generated one at a time in
/// file order, each from its own seeded stream.
pub fn provinces(scale: &str, seed: u64) -> Result<impl Iterator<Item = Generated>, String> {
    let plan = scale_plan(scale, seed)?;
    let scale = scale.to_owned();
    let (mut ri, mut di) = (0, 0);
    Ok((0..plan.provinces.len()).map(move |pi| {
        let (code, pname, n_reg) = plan.provinces[pi];
        let dist_counts = &plan.districts[ri..ri + n_reg];
        let n_dist: usize = dist_counts.iter().sum();
        let vil_counts = &plan.villages[di..di + n_dist];
        ri += n_reg;
        di += n_dist;
        let mut rng = Rng::from_label(&format!("{seed}/{scale}/{code}"));
        let (province, planted) = build_province(code, pname, dist_counts, vil_counts, &mut rng);
        Generated {
            code,
            planted,
            regions: [
                province.regencies.len(),
                province.districts().count(),
                province.villages().count(),
            ],
            region_years: province.region_years(),
            province,
        }
    }))
}

/// Adds per-rule counts.
pub fn add_counts(total: &mut Counts, more: &Counts) {
    for (t, n) in total.iter_mut().zip(more) {
        *t += n;
    }
}
