//! Memory poisoning: a guest asks Maya to keep an instruction "for the future", so that it
//! outlives the message it came in. Remembering a guest's usual is her job, so the cues are a
//! memory verb with a lasting scope, or a store written into, and like the disguise families
//! they are a frame: weak alone, they add to what is to be remembered (a free tab, a password
//! that unlocks something, a rule for every later guest).

use super::Family::*;
use super::View::*;
use super::{Pattern, p};

/// For how long: beyond this conversation.
macro_rules! lasting {
    () => {
        r"(?:for (?:the |all )?future(?: reference| use)?|in (?:the )?future|for (?:all )?(?:future|later|subsequent|next|upcoming|coming) (?:sessions?|conversations?|chats?|interactions?|guests?|visits?|customers?|use|time)|forever|permanently|for good|for ever|from now on|across (?:all )?(?:sessions|conversations|chats|visits)|in (?:all |every |any )?(?:future|subsequent|later|other|new|next) (?:sessions?|conversations?|chats?|interactions?|visits?)|for next time|for every (?:future |new )?(?:guest|customer|session|conversation)|for all (?:guests|customers|sessions|conversations)|from this point on|going forward|for the rest of time|for all time|for eternity)"
    };
}

pub const MEMORY: &[Pattern] = &[
    p(
        MemoryPoisoning,
        Words,
        0.4,
        concat!(
            r" (?:remember|memori[sz]e|keep in mind|store|save|note|retain|learn|commit|record|write|keep|bear in mind|take note|make a note|log)(?-u:\b)(?: [^ ]+){0,8}? ",
            lasting!(),
            r"(?-u:\b)"
        ),
    ),
    p(
        MemoryPoisoning,
        Words,
        0.35,
        concat!(
            r" ",
            lasting!(),
            r"(?-u:\b)(?: [^ ]+){0,8}? (?:remember|memori[sz]e|keep in mind|recall|always|never)(?-u:\b)"
        ),
    ),
    p(
        MemoryPoisoning,
        Words,
        0.35,
        r" next time (?:anyone|someone|somebody|a guest|any guest|a customer|another guest|other guests|people)(?-u:\b)",
    ),
    p(
        MemoryPoisoning,
        Words,
        0.45,
        r" (?:save|store|write|add|put|commit|record|keep|insert|append|update|log|persist|burn|etch)(?-u:\b)(?: [^ ]+){0,5}? (?:to|in|into|inside|within|onto) (?:your |the )?(?:[^ ]+ )?(?:memory|memories|memory bank|knowledge base|long term storage|persistent storage|notes about me|user profile)(?-u:\b)",
    ),
    p(
        MemoryPoisoning,
        Words,
        0.5,
        r" (?:update|edit|modify|overwrite|change|rewrite|patch|wipe|reset) (?:your |the )?(?:long term |permanent |persistent |core |internal )?(?:memory|memories|knowledge base|memory bank)(?-u:\b)",
    ),
    p(
        MemoryPoisoning,
        Words,
        0.45,
        r" (?:permanent|persistent|long term|lasting|standing|permanently stored|stored) (?:rule|rules|note|instruction|instructions|memory|directive|policy|fact|preference|setting)(?-u:\b)",
    ),
    p(
        MemoryPoisoning,
        Words,
        0.45,
        r" commit (?:this |that |it |these |the following )?to (?:your )?memory| retain (?:the following|this|these) (?:instructions?|rules?)| remember across (?:sessions|conversations|chats)",
    ),
    p(
        MemoryPoisoning,
        Words,
        0.4,
        r" (?:apply|use|follow|enforce|keep|honou?r|carry) (?:this|that|it|these|the same)(?: [^ ]+){0,3}? (?:in|for|to|across|with) (?:all |every |any |each )?(?:future|subsequent|later|next|new|other) (?:sessions?|conversations?|chats?|interactions?|guests?|customers?|visits?)",
    ),
    p(
        MemoryPoisoning,
        Words,
        0.3,
        r" keep (?:this|that|it) for later(?-u:\b)",
    ),
    // What is smuggled in is usually a trigger: "whenever someone says X, do Y".
    p(
        MemoryPoisoning,
        Words,
        0.3,
        r" (?:whenever|every time|each time|any time|anytime|if ever|when) (?:someone|anyone|a guest|any guest|somebody|a user|another guest|you see|you hear|the word|the phrase|a customer)(?-u:\b)",
    ),
    // German, French, Spanish, Italian.
    p(
        MemoryPoisoning,
        Words,
        0.45,
        r" (?:merk dir|merke dir|merken sie sich|speichere|speichern sie|behalte|behalten sie|notiere)(?-u:\b)(?: [^ ]+){0,6}? (?:fur die zukunft|fur immer|dauerhaft|permanent|fur alle (?:zukunftigen|kunftigen|weiteren)|in (?:deinem|ihrem) gedachtnis|fur spater|ab jetzt|kunftig|zukunftig)",
    ),
    p(
        MemoryPoisoning,
        Words,
        0.45,
        r" (?:retiens|retenez|souviens toi|souvenez vous|garde|gardez|memorise|memorisez|enregistre|enregistrez|note|notez)(?-u:\b)(?: [^ ]+){0,6}? (?:pour toujours|pour l avenir|pour lavenir|a lavenir|a l avenir|a jamais|definitivement|pour la suite|pour les prochaines|en memoire|dans ta memoire|dans votre memoire|pour les futures|desormais)",
    ),
    p(
        MemoryPoisoning,
        Words,
        0.45,
        r" (?:recuerda|recuerde|acuerdate|guarda|guarde|memoriza|memorice|apunta|anota|almacena)(?-u:\b)(?: [^ ]+){0,6}? (?:para el futuro|para siempre|para las proximas|para proximas|en (?:tu|su) memoria|de ahora en adelante|permanentemente|en el futuro|en futuras)",
    ),
    p(
        MemoryPoisoning,
        Words,
        0.45,
        r" (?:ricorda|ricordati|ricordi|salva|memorizza|tieni a mente|annota|conserva)(?-u:\b)(?: [^ ]+){0,6}? (?:per il futuro|per sempre|per le prossime|nella (?:tua|sua) memoria|dora in poi|d ora in poi|permanentemente|in futuro|nelle prossime|in memoria)",
    ),
    p(
        MemoryPoisoning,
        Words,
        0.5,
        r" (?:add|append|insert|write|put|include|merge) (?:this |that |it |the following )?(?:to|into|in) (?:your )?(?:[^ ]+ )?(?:instructions|rules|system prompt|prompt|guidelines|directives|programming|core rules|standing orders|house rules)(?-u:\b)",
    ),
    p(
        MemoryPoisoning,
        Words,
        0.45,
        r" (?:store|save|keep|remember|record|treat|take|accept|adopt|add|register|file) (?:this|that|it|the following)(?: [^ ]+){0,2}? as (?:a |an |your )?(?:new |permanent |standing |core |fixed |golden |house |lasting )?(?:rule|law|instruction|directive|policy|fact|truth|commandment|standing order)(?-u:\b)",
    ),
    p(
        MemoryPoisoning,
        Words,
        0.35,
        r" (?:you|to) never forget(?-u:\b)| going forward(?-u:\b)(?: [^ ]+){0,3}? (?:whenever|every time|each time|always|never|you)(?-u:\b)",
    ),
    p(
        MemoryPoisoning,
        Words,
        0.4,
        r" (?:whenever|every time|each time|any time|if ever) (?:i|someone|anyone|a guest|the user|you see|you hear)(?: [^ ]+){0,2}? (?:say|says|type|types|write|writes|mention|mentions|use|uses)(?: the word| the phrase| the code| the password)?(?: [^ ]+){1,3}? (?:cancel|reveal|add|remove|set|skip|waive|refund|unlock|enable|switch|ignore|drop|clear|mark|print|show|send|forget|disable)(?-u:\b)",
    ),
    p(
        MemoryPoisoning,
        Words,
        0.4,
        r" (?:remember|memori[sz]e|note|write|jot|save|store|keep|record)(?: this| that| it)?(?: down)?(?: [^ ]+){0,3}? for (?:every|each|all|any) (?:later|future|subsequent|next|other|new|coming) (?:sessions?|conversations?|chats?|visits?|guests?|customers?|times?)(?-u:\b)",
    ),
];
