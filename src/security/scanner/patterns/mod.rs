//! The pattern tables: families of prompt-injection phrasing (in English, German, French,
//! Spanish and Italian) and a weighted toxicity lexicon that knows bar talk.
//!
//! Each pattern has a weight; a family's score is the noisy-or of its matched weights, so one
//! strong signal blocks and weak ones only block together.

use super::Family;

mod disguise;
mod exfil;
mod extraction;
mod languages;
mod memory;
mod paraphrase;
mod roleplay;
mod tab;
mod toxic;
pub use toxic::TOXIC;

/// Every input table, in the order their patterns are numbered.
pub const INPUT_TABLES: &[&[Pattern]] = &[
    INPUT,
    paraphrase::PARAPHRASE,
    extraction::EXTRACTION,
    tab::TAB,
    roleplay::ROLEPLAY,
    languages::LANGUAGES,
    disguise::DISGUISE,
    memory::MEMORY,
    exfil::EXFIL,
];

/// Which view of the text a pattern reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// Folded words separated by single spaces (" ignore all previous instructions ").
    Words,
    /// The same with no spaces ("ignoreallpreviousinstructions"), for split-up words.
    Joined,
    /// Lower-cased text with punctuation kept, for delimiters like `</system>`.
    Raw,
}

pub struct Pattern {
    pub family: Family,
    pub view: View,
    pub weight: f32,
    pub regex: &'static str,
}

const fn p(family: Family, view: View, weight: f32, regex: &'static str) -> Pattern {
    Pattern {
        family,
        view,
        weight,
        regex,
    }
}

use Family::*;
use View::*;

pub const INPUT: &[Pattern] = &[
    // ---- instruction override ----
    p(
        InstructionOverride,
        Words,
        0.9,
        // Not "my": "disregard my previous message" is a guest taking back their own words;
        // not "orders": "forget the previous orders, two beers" is a round.
        r" (ignore|disregard|forget|skip|override|bypass|drop|abandon|neglect|erase|delete|clear|overlook|dismiss|omit|discard|scrap|scratch|never mind|nevermind|pay no attention to|set aside|put aside|throw out|disobey)( all| any| the| your| these| those| every| of)*( previous| prior| above| earlier| preceding| former| initial| original| existing| old| system| given| current| antecedent| foregoing| aforementioned| above mentioned)+ (instruction|instructions|prompt|prompts|rule|rules|directive|directives|guideline|guidelines|command|commands|context|message|messages|constraints|programming|input|text|directions|tasks|task|assignments|assignment|guidance)",
    ),
    p(
        InstructionOverride,
        Words,
        0.85,
        r" (ignore|disregard|forget|override|bypass)( all| any| the| of)* (your|its|his|her) (instruction|instructions|rules|guidelines|programming|restrictions|directives|system prompt|prompt|safety|filters|training|guardrails)",
    ),
    p(
        InstructionOverride,
        Words,
        0.85,
        r" (ignore|disregard|forget) (everything|all) (you were|you ve been|you have been|that was|above|before)",
    ),
    p(
        InstructionOverride,
        Words,
        0.85,
        r" (ignore|disregard|forget) (any|all|every) (instructions|rules|guidelines|directives) (you|that|which|given)",
    ),
    p(
        InstructionOverride,
        Words,
        0.8,
        r" (do not|dont|stop) (follow|following|obey|obeying) (your|the|any|those) (rules|instructions|guidelines|programming)",
    ),
    p(
        InstructionOverride,
        Words,
        0.55,
        r" new (instructions|rules|directive|directives|system prompt|task) ?(are|is|follow|:)?",
    ),
    p(
        InstructionOverride,
        Words,
        0.55,
        r" from now on (you|your|respond|answer|reply|act|ignore|only)",
    ),
    p(
        InstructionOverride,
        Words,
        0.7,
        r" (stop being|you are no longer|youre no longer|no longer be) (maya|a bartender|an assistant|an ai|the bartender)",
    ),
    p(
        InstructionOverride,
        Joined,
        0.9,
        r"(ignore|disregard|forget|override)(all|any|the|your)?(previous|prior|above|earlier|system)(instruction|prompt|rule|direction|guideline)",
    ),
    p(
        InstructionOverride,
        Joined,
        0.85,
        r"(ignore|disregard|forget)(all|your)(instruction|rule|guideline|programming)",
    ),
    // German, French, Spanish, Italian
    p(
        InstructionOverride,
        Words,
        0.9,
        r" (ignoriere|ignorier|vergiss|missachte)( alle| deine| die| den)* (vorherigen|bisherigen|obigen|vorigen|fruheren|bisherige|alle|deine) ?(anweisungen|instruktionen|regeln|befehle|vorgaben)",
    ),
    p(
        InstructionOverride,
        Words,
        0.9,
        r" (ignore|ignorez|ignorer|oublie|oubliez|oublier)( toutes| tous)?( les| tes| vos)? (instructions|consignes|regles|directives)( precedentes| anterieures| ci dessus)?",
    ),
    p(
        InstructionOverride,
        Words,
        0.9,
        r" (ignora|ignore|olvida|olvide|descarta)( todas| todos)?( las| tus| sus| los)? (instrucciones|reglas|indicaciones|ordenes)( anteriores| previas)?",
    ),
    p(
        InstructionOverride,
        Words,
        0.9,
        r" (ignora|dimentica|trascura)( tutte| tutti)?( le| tue| i)?( tue)? (istruzioni|regole|indicazioni|direttive)( precedenti)?",
    ),
    // ---- role hijack ----
    p(
        RoleHijack,
        Words,
        0.65,
        r" you are now (a|an|the|in|going|no longer|free|dan|evil|unrestricted|jailbroken|called|named|developer|root|admin|gpt|chatgpt|my slave|my servant|an unfiltered|a different|not|pirate|hacker)",
    ),
    p(
        RoleHijack,
        Words,
        0.6,
        r" (act|behave|respond|answer|talk) (as|like) (if you (are|were)( a| an)?|a|an|the|my) (?:(?:unfiltered|uncensored|evil|different|new|real|human|hacker|pirate|developer|admin|system|linux|terminal|python|unrestricted|jailbroken|rogue|dan)\b|ai without)",
    ),
    p(RoleHijack, Words, 0.45, r" (roleplay|role play|rp) as "),
    p(
        RoleHijack,
        Joined,
        0.8,
        r"(youarenowdan|youarenowjailbroken|actasanunfiltered|enabledevelopermode)",
    ),
    p(
        RoleHijack,
        Words,
        // "Pretend to be a pirate for my son's birthday": weak alone, it adds to what the
        // persona is (an AI without rules, DAN, a terminal).
        0.45,
        r" pretend (to be|you are|youre|that you are|you were|to act) ",
    ),
    p(
        RoleHijack,
        Words,
        0.85,
        r" (do anything now|dan mode|dan prompt|stan mode|dude mode|aim mode)",
    ),
    p(RoleHijack, Words, 0.4, r" (you are|youre|be|as) dan "),
    // Ambiguous alone ("developer mode on my phone", "is the payment in test mode?"): the
    // strong forms, switched on or unambiguous, are in `roleplay`.
    p(
        RoleHijack,
        Words,
        0.45,
        r" (developer|dev|god|admin|debug|sudo|root|unrestricted|unfiltered|uncensored|jailbreak|jailbroken|maintenance|test) mode",
    ),
    p(RoleHijack, Words, 0.8, r" jailbr(eak|oken|eaking)"),
    // "No rules tonight, it's my birthday": weak alone, it adds to a persona or a mode.
    p(
        RoleHijack,
        Words,
        0.4,
        r" (no|without|free of|free from) (restrictions|limits|limitations|filters|rules|guidelines|censorship|boundaries|guardrails|ethics)",
    ),
    p(
        RoleHijack,
        Words,
        0.75,
        r" your (new|true|real) (name|identity|purpose|role|persona|instructions|goal) (is|are|will be)",
    ),
    p(
        RoleHijack,
        Words,
        0.6,
        r" (switch|change|transform) (to|into|yourself into) .{0,20}(mode|persona|character|personality)",
    ),
    p(
        RoleHijack,
        Words,
        0.8,
        r" simulate (a|an) (unfiltered|uncensored|evil|unrestricted|jailbroken)",
    ),
    p(
        RoleHijack,
        Words,
        0.8,
        r" (entwicklermodus|modus ohne einschrankungen|mode developpeur|modo desarrollador|modalita sviluppatore|modo sin restricciones|mode sans restrictions)",
    ),
    // ---- system prompt extraction ----
    p(
        PromptExtraction,
        Words,
        0.85,
        r" (repeat|print|show|reveal|output|display|tell me|give me|share|write out|dump|leak|recite|list|paste|copy|quote|spell out|what is|whats|what are)( me)?( all| the| every)?( word for word| verbatim| exactly)? (your|its)( full| entire| whole| exact| complete| original| initial| hidden| secret| internal)? (system prompt|system message|initial prompt|original prompt|hidden prompt|secret prompt|prompt|instructions|system instructions|initial instructions|hidden instructions|directives|configuration|guidelines|programming|preprompt|pre prompt)",
    ),
    // "The instructions for the card machine" are bar talk: with "the", only the prompt's
    // own names are strong.
    p(
        PromptExtraction,
        Words,
        0.85,
        r" (repeat|print|show|reveal|output|display|tell me|give me|share|write out|dump|leak|recite|list|paste|copy|quote|spell out|what is|whats|what are)( me)?( all| the| every)?( word for word| verbatim| exactly)? the( full| entire| whole| exact| complete| original| initial| hidden| secret| internal)? (system prompt|system message|initial prompt|original prompt|hidden prompt|secret prompt|prompt|system instructions|initial instructions|hidden instructions|secret instructions|preprompt|pre prompt)",
    ),
    p(
        PromptExtraction,
        Words,
        0.45,
        r" (repeat|print|show|reveal|output|display|tell me|give me|share|write out|dump|leak|recite|list|paste|copy|quote|spell out|what is|whats|what are)( me)?( all| the| every)?( word for word| verbatim| exactly)? the( full| entire| whole| exact| complete| original| initial| hidden| secret| internal)? (instructions|directives|configuration|guidelines|programming)",
    ),
    // "What is a system prompt?" is talk about one; asking for it is the patterns above.
    p(PromptExtraction, Words, 0.45, r" system prompt"),
    p(
        PromptExtraction,
        Joined,
        0.85,
        r"(show|reveal|print|repeat|tell|give|dump|output)(me)?(your(full|whole|hidden|secret|initial)?(systemprompt|prompt|instructions|secretrules|hiddenrules)|the(full|whole|hidden|secret|initial)?(systemprompt|prompt|secretrules|hiddenrules|hiddeninstructions|secretinstructions))",
    ),
    p(
        PromptExtraction,
        Words,
        0.8,
        r" (what|which) (are|were) your (instructions|guidelines|directives|initial instructions|hidden rules|secret rules|system rules)",
    ),
    p(PromptExtraction, Words, 0.3, r" what are your rules "),
    p(
        PromptExtraction,
        Words,
        0.8,
        r" (repeat|print|output|return|echo|copy|summarize|translate) (the|all|everything)( text| words| content)? (above|before this|preceding|so far)",
    ),
    p(
        PromptExtraction,
        Words,
        0.75,
        r" (everything|all the text|text) (above|before) (this|the first|my message)",
    ),
    p(
        PromptExtraction,
        Words,
        0.6,
        r" how (were|are) you (programmed|instructed|prompted|configured|set up)",
    ),
    p(
        PromptExtraction,
        Words,
        0.6,
        r" (beginning|start|top) of (the|this|your) (conversation|prompt|context|instructions)",
    ),
    p(
        PromptExtraction,
        Words,
        0.85,
        r" (zeig|zeige|zeigen|gib|verrate|wiederhole)( mir)? (deinen|deine|den|die|dein) (systemprompt|system prompt|anweisungen|prompt|instruktionen|regeln)",
    ),
    p(
        PromptExtraction,
        Words,
        0.85,
        r" (montre|montrez|revele|revelez|repete|repetez|donne|affiche)( moi)? (ton|tes|vos|votre|le|les) (prompt|prompt systeme|instructions|consignes)",
    ),
    p(
        PromptExtraction,
        Words,
        0.85,
        r" (muestra|muestrame|revela|revelame|repite|dime|ensename)( me)? (tu|tus|el|las|su) (prompt|prompt del sistema|instrucciones|indicaciones)",
    ),
    p(
        PromptExtraction,
        Words,
        0.85,
        r" (mostrami|mostra|rivela|rivelami|ripeti|dimmi)( il| le| i)? (tuo|tue|tuoi)? ?(prompt|prompt di sistema|istruzioni|regole)",
    ),
    // ---- tool and price abuse ----
    // Alone just a claim ("I'm the manager of a team…"); with a demand it tips the balance.
    p(
        ToolAbuse,
        Words,
        0.45,
        r" (i am|im|i m|as) (the|your) (owner|manager|admin|administrator|developer|boss|creator|operator|supervisor|ceo)( of (this|the) (bar|place|app))?( |$)",
    ),
    p(
        ToolAbuse,
        Words,
        0.5,
        r" free (round|rounds|drinks|drink|beer|beers|everything|martinis|shots|tab) ",
    ),
    p(
        ToolAbuse,
        Words,
        0.65,
        r" (set|change|make|update|give me|add|increase|raise|top up|reset|put|restore|refill|bump) (up )?(my|the)? ?(balance|credit|wallet|funds|money|account) ",
    ),
    p(ToolAbuse, Words, 0.35, r" (my|the) balance (to|at|is now) "),
    p(
        ToolAbuse,
        Words,
        0.65,
        r" (at|for|price of|priced at|cost of|costs|for only|for just|charge|charge me|charged at)( a| the)? (0|0 00|zero|nothing|free|1 cent|one cent|a penny|negative|no charge)\b",
    ),
    p(ToolAbuse, Words, 0.5, r" (for|its) free "),
    p(
        ToolAbuse,
        Words,
        0.7,
        r" (change|set|make|override|lower|drop|edit) (the |all |every )?(price|prices|cost|costs) ",
    ),
    p(
        ToolAbuse,
        Words,
        0.55,
        r" (call|run|execute|invoke|trigger|use) (the |your )?(tool|tools|function|functions|api) ",
    ),
    p(
        ToolAbuse,
        Raw,
        0.55,
        r"\b(add_to_tab|remove_from_tab|set_tip|checkout|cancel_checkout|view_tab|payment_status|get_menu)\s*\(",
    ),
    p(
        ToolAbuse,
        Words,
        0.7,
        r" (mark|set|record|flag) (my |the )?(tab|bill|check|payment|order) (as )?(paid|settled|complete|completed)",
    ),
    p(
        ToolAbuse,
        Words,
        0.7,
        r" (negative|minus) (quantity|price|amount|tip|drinks|martinis)",
    ),
    p(
        ToolAbuse,
        Raw,
        0.6,
        r"(quantity|amount|price)\s*[:=]\s*-\s*\d",
    ),
    p(
        ToolAbuse,
        Words,
        0.45,
        r" (refund|credit) (me|my account|my card|my balance) ",
    ),
    p(
        ToolAbuse,
        Words,
        0.6,
        r" (skip|bypass|disable|turn off|without) (the )?(payment|checkout|confirmation|spending guard|limit|limits) ",
    ),
    p(
        ToolAbuse,
        Words,
        0.6,
        r" (ich bin der (besitzer|chef|inhaber)|je suis le (proprietaire|patron)|soy el (dueno|propietario|jefe)|sono il (proprietario|padrone|capo))",
    ),
    p(
        ToolAbuse,
        Words,
        0.6,
        r" (gratis|kostenlos|gratuit|gratuitement|gratuito|gratis per me) ",
    ),
    // ---- delimiter injection ----
    p(
        DelimiterInjection,
        Raw,
        0.9,
        r"</?\s*(system|assistant|user|instructions?|sys|im_start|im_end|prompt|context)\s*>",
    ),
    p(
        DelimiterInjection,
        Raw,
        0.9,
        r"\[/?\s*(inst|system|sys|assistant)\s*\]",
    ),
    p(DelimiterInjection, Raw, 0.9, r"<<\s*/?\s*sys\s*>>"),
    p(
        DelimiterInjection,
        Raw,
        0.95,
        r"<\|\s*(im_start|im_end|system|endoftext|start_header_id|end_header_id|eot_id|user|assistant)\s*\|>",
    ),
    p(
        DelimiterInjection,
        Raw,
        0.8,
        r"(^|\n)\s*#{2,}\s*(instruction|instructions|system|new instructions|response|assistant|admin)",
    ),
    p(
        DelimiterInjection,
        Raw,
        0.6,
        r"(^|\n)\s*(system|assistant|developer)\s*:",
    ),
    p(
        DelimiterInjection,
        Raw,
        0.6,
        r"```\s*(system|prompt|instructions)",
    ),
    p(
        DelimiterInjection,
        Words,
        0.8,
        r" (begin|start|end) (of )?(system|admin|developer) (prompt|message|override|instructions)",
    ),
    p(
        DelimiterInjection,
        Words,
        0.6,
        r" end of (the )?(user input|prompt|conversation|instructions) ",
    ),
];
