//! Tastes a guest names that the menu's preferences do not ("bitter", "smoky", "something
//! with gin", "nothing too strong"), read against the menu's own descriptions, and how
//! strong each drink is. The cue words are English, not menu data, so they live here; what
//! they find is whatever the menu (the built-in one or a guest's own) says about its drinks.

use super::menu::{Item, Menu, Pick, Preference, Recommendation};
use super::text::fold;

/// Each taste and the words in a description that carry it, strongest first.
#[rustfmt::skip]
const TASTES: &[(&str, &[&str])] = &[
    ("bitter", &["bitter", "hoppy", "bitters", "campari"]),
    ("sweet", &["sweet", "sugar", "vanilla", "cranberry", "syrup", "honey"]),
    ("sour", &["sour", "lime", "lemon", "lemons", "citrus", "tart"]),
    ("smoky", &["smoky", "smoke", "peat", "peaty", "aged", "oak", "scotch"]),
    ("refreshing", &["fresh", "cold", "ice", "lemon", "lime", "citrus", "lager"]),
    ("light", &["light", "lager", "still", "tea", "lemons", "clean"]),
    ("dry", &["dry"]),
    ("herbal", &["juniper", "vermouth", "campari", "herbal", "botanical"]),
    ("warm", &["warm", "aged", "vanilla", "brandy", "golden"]),
    ("malty", &["malty", "malt", "amber", "ale"]),
    ("hoppy", &["hoppy", "hops", "bitter"]),
    ("fizzy", &["cola", "lemon lime", "ginger ale", "draught", "lager", "sparkling", "tonic", "soda"]),
    ("citrus", &["citrus", "lemon", "lime", "orange", "lemons"]),
    ("creamy", &["cream", "creamy", "milk"]),
    ("fruity", &["lime", "lemon", "cranberry", "orange", "citrus", "fruit"]),
];

/// Other words for the same tastes.
#[rustfmt::skip]
const SYNONYMS: &[(&str, &str)] = &[
    ("bitterness", "bitter"), ("smokey", "smoky"), ("peaty", "smoky"), ("warming", "warm"),
    ("warmer", "warm"), ("cozy", "warm"), ("cosy", "warm"), ("sweeter", "sweet"), ("tart", "sour"),
    ("sharp", "sour"), ("crisp", "light"), ("easy", "light"), ("mild", "light"), ("weak", "light"),
    ("lighter", "light"), ("gentle", "light"), ("fizz", "fizzy"), ("bubbly", "fizzy"),
    ("sparkling", "fizzy"), ("carbonated", "fizzy"), ("citrusy", "citrus"), ("zesty", "citrus"),
    ("zingy", "citrus"), ("hops", "hoppy"), ("malt", "malty"), ("herby", "herbal"),
    ("botanical", "herbal"), ("cooling", "refreshing"), ("thirst", "refreshing"), ("cream", "creamy"),
    ("juicy", "fruity"), ("fruit", "fruity"),
];

/// Whether a word names a taste ("a hoppy beer", "something smoky").
pub fn is_taste_word(w: &str) -> bool {
    taste_of(w).is_some()
}

fn taste_of(w: &str) -> Option<&'static str> {
    TASTES
        .iter()
        .find(|(t, _)| *t == w)
        .map(|(t, _)| *t)
        .or_else(|| SYNONYMS.iter().find(|(s, _)| *s == w).map(|(_, t)| *t))
}

/// "not too strong", "nothing strong", "low alcohol", "something lighter": the guest wants
/// the opposite of a strong drink. Read before the preferences, which would otherwise hear "strong".
pub fn wants_it_light(folded: &str) -> bool {
    let ws: Vec<&str> = folded.split(' ').collect();
    ws.windows(2).any(|w| {
        matches!(w[0], "not" | "nothing" | "no" | "less" | "low" | "never")
            && matches!(
                w[1],
                "strong" | "too" | "boozy" | "heavy" | "alcohol" | "alcoholic"
            )
    }) || folded.contains("low alcohol")
        // "that's strong, something lighter?": the comparison is what is asked for.
        || ws
            .iter()
            .any(|w| matches!(*w, "lighter" | "weaker" | "milder" | "softer" | "gentler"))
}

/// What a preference text asks of the menu: tastes and ingredients ("sweet with rum").
pub struct Asked<'a> {
    pub tastes: Vec<&'static str>,
    pub with: Vec<&'a Item>,
}

impl Menu {
    /// The tastes and ingredients named in a preference ("something bitter", "anything with
    /// gin"); ingredients are the menu's own drinks, named as they appear in descriptions.
    pub fn asked_of(&self, preference: &str) -> Asked<'_> {
        let folded = fold(preference);
        let mut tastes: Vec<&'static str> = Vec::new();
        if wants_it_light(&folded) {
            tastes.push("light");
        }
        for w in folded.split(' ') {
            if let Some(t) = taste_of(w)
                && !tastes.contains(&t)
                && !(tastes.contains(&"light") && t == "light")
            {
                tastes.push(t);
            }
        }
        let words: Vec<&str> = folded.split(' ').collect();
        let mut with = Vec::new();
        for (i, w) in words.iter().enumerate() {
            let after_with = i > 0 && matches!(words[i - 1], "with" | "of" | "some");
            let based = words.get(i + 1).is_some_and(|n| *n == "based");
            if (after_with || based)
                && let Ok(item) = self.find(w)
                && !with.iter().any(|x: &&Item| x.name == item.name)
            {
                with.push(item);
            }
        }
        Asked { tastes, with }
    }

    /// Drinks that fit the tastes and ingredients asked for, best first: ingredients filter
    /// (the drink itself or one whose description names it), tastes score by cue words in
    /// the description (a light drink also scores for being a beer or alcohol-free).
    pub fn by_taste(&self, asked: &Asked<'_>, category: Option<&str>) -> Vec<&Item> {
        let mut scored: Vec<(i32, usize, &Item)> = Vec::new();
        for (pos, item) in self.items.iter().enumerate() {
            if category.is_some_and(|c| item.category != c) {
                continue;
            }
            let text = format!(
                " {} ",
                fold(&format!("{} {}", item.description, item.aliases.join(" ")))
            );
            if !asked.with.is_empty()
                && !asked.with.iter().any(|w| {
                    w.name == item.name
                        || std::iter::once(&w.name)
                            .chain(&w.aliases)
                            .any(|n| text.contains(&format!(" {} ", fold(n))))
                })
            {
                continue;
            }
            let mut score = 0;
            for t in &asked.tastes {
                let cues = TASTES
                    .iter()
                    .find(|(n, _)| n == t)
                    .map_or(&[][..], |(_, c)| *c);
                for (rank, cue) in cues.iter().enumerate() {
                    if text.contains(&format!(" {cue} ")) {
                        score += 10 - rank as i32;
                    }
                }
                if *t == "light" {
                    score -= self.strength(item) as i32 / 10;
                }
            }
            if asked.tastes.is_empty() || score > 0 {
                scored.push((score, pos, item));
            }
        }
        // Cocktails made with an ingredient come before the ingredient poured on its own.
        scored.sort_by_key(|(score, pos, _)| (std::cmp::Reverse(*score), *pos));
        scored.into_iter().map(|(_, _, i)| i).take(4).collect()
    }

    /// How strong a drink is, 0 (no alcohol) to 100: the menu's "strong" preference lists
    /// the strongest first; otherwise spirits, then cocktails, then beer.
    pub fn strength(&self, item: &Item) -> u32 {
        if let Some(p) = self.preferences.iter().find(|p| p.name == "strong")
            && let Some(pos) = p.items.iter().position(|n| *n == item.name)
        {
            return 100 - pos as u32;
        }
        let category = fold(&item.category);
        if category.contains("non") || category.contains("soft") {
            0
        } else if category.contains("beer") || category.contains("cider") {
            20
        } else if category.contains("cocktail") {
            60
        } else {
            80
        }
    }

    /// Recommend by preference ("fruity", "something strong"), by taste from the
    /// descriptions ("bitter", "smoky", "nothing too strong") or by ingredient ("something
    /// with gin"); anything else gets the popular picks.
    pub fn recommend(&self, preference: &str) -> Recommendation {
        let folded = fold(preference);
        let words: Vec<String> = folded.split(' ').map(str::to_string).collect();
        let light = super::taste::wants_it_light(&folded);
        let matched = self.preferences.iter().find(|p| {
            !light
                && (p.words.iter().any(|w| {
                    if w.contains(' ') {
                        folded.contains(w.as_str())
                    } else {
                        words.iter().any(|x| x == w)
                    }
                }) || words.iter().any(|x| *x == fold(&p.name)))
        });
        let asked = self.asked_of(preference);
        let pick = |item: &Item, pref: Option<&Preference>| Pick {
            item: item.name.clone(),
            price: item.price,
            modifier: pref.and_then(|p| p.modifiers.get(&item.name).cloned()),
        };
        if let Some(p) = matched {
            let picks: Vec<Pick> = p
                .items
                .iter()
                .filter_map(|name| self.item(name))
                .filter(|i| {
                    asked.with.is_empty()
                        || self.by_taste(&asked, None).iter().any(|t| t.name == i.name)
                })
                .map(|i| pick(i, Some(p)))
                .collect();
            if !picks.is_empty() {
                return Recommendation {
                    preference: Some(p.name.clone()),
                    say: p.say.clone(),
                    picks,
                };
            }
        }
        if !asked.tastes.is_empty() || !asked.with.is_empty() {
            let found = self.by_taste(&asked, None);
            if !found.is_empty() {
                let mut say = String::from("something");
                if !asked.tastes.is_empty() {
                    say = format!("{say} {}", asked.tastes.join(" and "));
                }
                if !asked.with.is_empty() {
                    let names: Vec<String> = asked.with.iter().map(|i| fold(&i.name)).collect();
                    say = format!("{say} with {}", names.join(" and "));
                }
                return Recommendation {
                    preference: Some(say.trim_start_matches("something ").to_string()),
                    say,
                    picks: found.into_iter().map(|i| pick(i, None)).collect(),
                };
            }
        }
        Recommendation {
            preference: None,
            say: self.popular.say.clone(),
            picks: self
                .popular
                .items
                .iter()
                .filter_map(|name| self.item(name))
                .map(|i| pick(i, Some(&self.popular)))
                .collect(),
        }
    }
}

#[cfg(test)]
#[path = "taste_tests.rs"]
mod tests;
