//! Word co-occurrence within a sentence, in any order: the layer that generalises where the
//! phrase patterns do not. Measured on fresh attack phrasings written after each round of
//! pattern tuning, the patterns alone caught only about half (they know the phrasings they
//! were written from); what those misses share is vocabulary, not word order: a verb that
//! overrides or extracts, a noun for Maya's own setup (her instructions, prompt, programming),
//! and something that makes the setup hers ("your", "you were given", "prior"). Bar talk
//! almost never has all three in one sentence ("show me the instructions for the card
//! machine" has no "your").

use super::Family;
use super::normalize;
use super::score::Scores;

const OVERRIDE: u8 = 1;
const EXTRACT: u8 = 2;
/// Names of the setup no guest uses for anything else: instructions, prompt, programming.
const SETUP: u8 = 4;
/// Names that are also bar talk: rules, policy, orders.
const SETUP_WEAK: u8 = 8;
/// The setup is Maya's: "your", "you were given", "you received".
const YOURS: u8 = 16;
/// The setup came before: "prior", "initial", "original".
const PRIOR: u8 = 32;

fn class(word: &str) -> u8 {
    match word {
        "ignore" | "disregard" | "forget" | "drop" | "discard" | "skip" | "bypass" | "override"
        | "cancel" | "void" | "scrap" | "abandon" | "aside" | "away" | "delete" | "erase"
        | "suspend" | "disable" | "replace" | "overwrite" | "rewrite" | "ditch" | "disobey"
        | "nullify" | "revoke" | "overrule" | "supersede" | "supersedes" | "overrides"
        | "priority" | "precedence" | "opposite" | "gone" | "obsolete" | "outdated" | "invalid"
        | "ignoring" | "forgetting" | "vergiss" | "vergisst" | "ignoriere" | "ignorier"
        | "ignorierst" | "missachte" | "verwirf" | "oublie" | "oubliez" | "ignorez" | "olvida"
        | "olvide" | "ignora" | "descarta" | "omite" | "dimentica" | "trascura" | "scarta"
        | "annulla" | "tralascia" | "deleted" | "removed" | "erased" | "wiped" | "withdrawn"
        | "rescinded" | "revoked" | "cancelled" | "canceled" | "suspended" => OVERRIDE,
        "reveal" | "show" | "print" | "list" | "share" | "repeat" | "quote" | "copy"
        | "publish" | "dump" | "output" | "recite" | "display" | "describe" | "summarize"
        | "summarise" | "disclose" | "expose" | "paste" | "provide" | "leak" | "spell"
        | "transcribe" | "write" | "reproduce" | "zeig" | "zeige" | "verrate" | "wiederhole"
        | "schreib" | "kopiere" | "montre" | "revele" | "repete" | "recopie" | "affiche"
        | "muestra" | "muestrame" | "revela" | "repite" | "copia" | "escribe" | "mostra"
        | "mostrami" | "rivela" | "ripeti" | "scrivi" | "recopier" | "mostrar" | "mostrare" => {
            EXTRACT
        }
        "instructions" | "instruction" | "prompt" | "prompts" | "programming" | "directives"
        | "directive" | "guidelines" | "guidance" | "configuration" | "config" | "persona"
        | "guardrails" | "safeguards" | "constraints" | "preprompt" | "setup" | "anweisungen"
        | "instruktionen" | "vorgaben" | "richtlinien" | "programmierung" | "systemprompt"
        | "konfiguration" | "systemprompts" | "anweisung" | "consignes" | "programmation"
        | "instrucciones" | "indicaciones" | "directrices" | "programacion" | "configuracion"
        | "istruzioni" | "indicazioni" | "direttive" | "programmazione" | "configurazione" => SETUP,
        "rules" | "policy" | "policies" | "restrictions" | "filters" | "directions" | "regeln"
        | "regles" | "reglas" | "regole" | "normas" => SETUP_WEAK,
        "your" | "yours" | "yourself" | "deine" | "deinen" | "deiner" | "dein" | "deinem"
        | "deines" | "ihres" | "ihrer" | "tes" | "ton" | "vos" | "votre" | "tus" | "tuoi"
        | "tue" | "tuo" | "tua" | "maya" => YOURS,
        "previous" | "prior" | "initial" | "original" | "earlier" | "preceding" | "former"
        | "existing" | "startup" | "old" | "vorherigen" | "bisherigen" | "fruheren"
        | "ursprunglichen" | "obigen" | "precedentes" | "anterieures" | "initiales"
        | "anteriores" | "previas" | "originales" | "precedenti" | "iniziali" | "originali" => {
            PRIOR
        }
        _ => 0,
    }
}

/// "You were given", "you received", "the developers gave you": the setup is Maya's without a
/// "your".
fn second_person_given(words: &[&str], i: usize) -> bool {
    if words[i] != "you" {
        return false;
    }
    let given_to = i > 0
        && matches!(
            words[i - 1],
            "gave" | "given" | "handed" | "told" | "sent" | "fed" | "provided" | "taught"
        );
    given_to
        || words.get(i + 1).is_some_and(|w| {
            matches!(
                *w,
                "were"
                    | "received"
                    | "had"
                    | "got"
                    | "operate"
                    | "follow"
                    | "obey"
                    | "ve"
                    | "loaded"
                    | "configured"
                    | "programmed"
                    | "initialized"
                    | "shipped"
            )
        })
}

/// Add the co-occurrence signals of `text` (a guest message or a decoded payload).
pub(super) fn score(text: &str, scores: &mut Scores) {
    for sentence in text.split(['.', '!', '?', ';', '\n']) {
        let folded = normalize::light(sentence);
        let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
        let mut seen = 0u8;
        for (i, w) in words.iter().enumerate() {
            seen |= class(w);
            if second_person_given(&words, i) {
                seen |= YOURS;
            }
        }
        let setup = seen & SETUP != 0;
        let setup_any = seen & (SETUP | SETUP_WEAK) != 0;
        let owned = seen & (YOURS | PRIOR) != 0;
        if seen & OVERRIDE != 0 && setup_any && owned {
            // "Forget your rules" is still Maya's setup; "forget the old rules" may be darts.
            let weight = if setup {
                0.55
            } else if seen & YOURS != 0 {
                0.5
            } else {
                0.4
            };
            scores.add_family(Family::InstructionOverride, weight);
        }
        if seen & EXTRACT != 0 && setup && seen & YOURS != 0 {
            scores.add_family(Family::PromptExtraction, 0.55);
        }
    }
}

#[cfg(test)]
#[path = "lexicon_tests.rs"]
mod tests;
