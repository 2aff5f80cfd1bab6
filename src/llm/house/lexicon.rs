//! The words the house bartender knows that are not on the menu: how guests order, count,
//! refuse, talk about the past or about other people, and the ordinary words that must
//! never be read as a misspelt drink. All folded (lower case, apostrophes joined: "I'll" →
//! "ill"), phrases as space-separated words.

/// Phrases that put the drinks after them on the tab, for the guest or someone with them.
#[rustfmt::skip]
pub const ORDER_VERBS: &[&str] = &[
    "ill have", "ill take", "ill get", "ill go with", "ill go for", "ill try", "ill do",
    "ill start with", "i will have", "i will take", "i will get", "id like", "id love", "id have",
    "id take", "i would like", "i would love", "i would have", "can i get", "can i have",
    "can i try", "could i get", "could i have", "could i try", "may i have", "may i get",
    "can we get", "can we have", "could we get", "could we have", "can you get me",
    "can you make me", "could you make me", "can you pour me", "could you pour me", "well have",
    "well take", "well get", "we will have", "wed like", "we would like", "give me", "give us",
    "get me", "get us", "gimme", "bring me", "bring us", "pour me", "pour us", "make me",
    "make us", "let me get", "let me have", "let me try", "lets do", "lets get", "lets have",
    "lets go with", "i want", "we want", "i need", "we need", "i fancy", "we fancy", "im having",
    "i am having", "were having", "im going to have", "im gonna have", "ill order",
    "id like to order", "can i order", "start me off with", "start us off with",
    "put me down for", "set me up with", "hit me with", "im in for", "i think ill have",
    "i think ill take", "i think ill go with", "go with", "ill just have", "ill just take",
    "just get me", "just give me", "get her", "get him", "get them",
    "she will have", "he will have", "they will have", "shell have", "hell have", "theyll have",
    "she wants", "he wants", "they want", "she would like", "he would like", "shed like",
    "hed like", "shes having", "hes having", "she is having", "he is having", "theyre having",
    "she needs", "he needs", "will have", "wants", "would like", "is having", "ill have one",
];

/// "Scratch", "take off": the drinks after them come off the tab.
#[rustfmt::skip]
pub const REMOVE_VERBS: &[&str] = &[
    "scratch", "remove", "take off", "take away", "cancel", "drop", "forget", "nix", "delete",
    "lose the", "never mind", "nevermind", "get rid of", "strike", "kill the", "ditch",
    "take back", "dont need the", "dont want the", "undo",
];

/// Phrases that change something already ordered ("swap the water for a lemonade").
#[rustfmt::skip]
pub const SWAP_VERBS: &[&str] = &[
    "swap", "switch", "replace", "change", "exchange", "trade", "turn",
];

/// Words that say the guest is correcting what they just said.
#[rustfmt::skip]
pub const CORRECTIONS: &[&str] = &[
    "no wait", "wait no", "no no", "sorry", "i meant", "i mean", "actually", "rather",
    "or rather", "on second thought", "on second thoughts", "second thought", "instead",
    "changed my mind", "change my mind", "scratch that", "my bad", "oops", "wait", "correction",
    "no sorry", "hmm",
];

/// The whole tab at once: "cancel everything", "start over".
#[rustfmt::skip]
pub const WHOLE_TAB: &[&str] = &[
    "cancel everything", "cancel it all", "cancel all of it", "cancel all of that",
    "cancel all that", "cancel the lot", "cancel the whole", "cancel my whole", "clear my tab",
    "clear the tab", "clear everything", "clear it all", "clear all", "start over",
    "start again", "start from scratch", "from scratch", "remove everything", "remove all",
    "take everything off", "take it all off", "take all of it off", "forget all", "forget everything",
    "forget it all", "forget the whole", "scrap everything", "scrap the whole", "scrap it all",
    "scrap all", "wipe the slate", "wipe my tab", "wipe the tab", "wipe everything",
    "empty my tab", "empty the tab", "reset my tab", "reset the tab", "delete everything",
    "drop everything", "scratch everything", "scratch all", "clean slate", "void everything",
];

/// Words that make a clause about the past.
#[rustfmt::skip]
pub const PAST: &[&str] = &[
    "yesterday", "last night", "last week", "last time", "last year", "last month",
    "last weekend", "the other day", "ago", "earlier", "used to", "had", "drank", "drunk",
    "was", "were", "ordered", "tried", "tasted", "once had", "spilled", "spilt", "watched",
    "saw", "liked", "loved", "enjoyed", "finished", "got drunk", "before this",
];

/// Words that make a clause hypothetical or for later: nothing is ordered now.
#[rustfmt::skip]
pub const NOT_NOW: &[&str] = &[
    "if", "suppose", "supposing", "imagine", "what if", "in case", "wish", "might", "maybe later",
    "later", "probably", "after dinner", "tomorrow", "next time", "next week", "some day",
    "someday", "one day", "eventually", "thinking about", "thinking of", "considering",
    "tempted", "could be", "would be", "would it be", "would that be", "would cost",
    "would come", "in the mood for", "planning",
];

/// Other people's habits and tastes ("my friend likes negronis"): not orders.
#[rustfmt::skip]
pub const HABITS: &[&str] = &[
    "likes", "loves", "hates", "prefers", "drinks", "usually", "always", "often", "never",
    "is drinking", "s drinking", "are drinking", "favourite", "favorite", "is into", "enjoys",
    "swears by", "orders", "sometimes",
];

/// The guest's own tastes stated, not an order: "I love martinis".
#[rustfmt::skip]
pub const TASTES: &[&str] = &[
    "i love", "i like", "i hate", "i prefer", "i adore", "i dont like", "i dont love",
    "i dont drink", "i cant stand", "i enjoy", "we love", "we like", "im a fan of",
    "im not a fan of", "im into", "im allergic to",
];

/// Words that negate the drink or modifier after them.
#[rustfmt::skip]
pub const NEGATORS: &[&str] = &[
    "no", "not", "dont", "without", "never", "nothing", "none", "hold", "minus", "except",
    "skip", "no more", "dont want", "dont need", "didnt",
];

/// "Yes" to an offer.
#[rustfmt::skip]
pub const YES: &[&str] = &[
    "yes", "yeah", "yep", "yup", "ya", "sure", "ok", "okay", "please", "go on", "do it",
    "go ahead", "why not", "sounds good", "sounds great", "sounds nice", "lets do it",
    "absolutely", "of course", "alright", "all right", "perfect", "great", "definitely",
    "pour it", "pour them", "make it so", "i will", "go for it", "lovely", "deal", "aye",
];

/// "No" to an offer.
#[rustfmt::skip]
pub const NO: &[&str] = &[
    "no", "nope", "nah", "not now", "no thanks", "no thank you", "maybe later", "not yet",
    "im good", "im fine", "pass",
];

/// Serving sizes and vessels: "a pint of the IPA" is one IPA, not a Tap Beer as well.
#[rustfmt::skip]
pub const CONTAINERS: &[&str] = &[
    "pint", "pints", "half pint", "glass", "glasses", "shot", "shots", "bottle", "bottles",
    "can", "cans", "jug", "jugs", "mug", "mugs", "pitcher", "pitchers", "measure", "dram",
    "drams", "finger", "fingers", "splash", "cup", "cups", "tumbler", "schooner", "snifter",
];

/// Words that may sit before a drink in an order without changing it ("a tall glass of").
#[rustfmt::skip]
pub const FILLERS: &[&str] = &[
    "a", "an", "the", "some", "of", "just", "only", "please", "pls", "plz", "thanks", "thank",
    "you", "cheers", "and", "also", "plus", "then", "oh", "ok", "okay", "so", "now", "tonight",
    "today", "for", "me", "us", "my", "our", "her", "him", "them", "friend", "too", "as", "well",
    "small", "large", "big", "tall", "cold", "nice", "good", "fresh", "little", "quick", "another",
    "more", "maya", "mate", "yes", "yeah", "sure", "hmm", "um", "uh", "er", "right", "alright",
    "hey", "hi", "hello", "evening", "again", "that", "this", "it", "here", "there", "each",
    "both", "all", "first", "second", "then", "instead", "rather", "actually", "sorry", "wait",
    "lovely", "single", "kindly", "could", "would", "you", "i", "we", "id", "ill", "to", "go",
];

/// Ordinary words within two edits of a drink's name or alias that must stay words:
/// "later" is not a lager, "scratch" is not a scotch. Fuzzy matching never looks at these.
#[rustfmt::skip]
pub const NOT_DRINKS: &[&str] = &[
    "later", "layer", "larger", "laser", "eager", "waiter", "wafer", "eater", "hater",
    "wader", "wager", "craft", "drift", "graft", "brand", "brands", "randy", "bandy", "handy",
    "sandy", "candy", "martin", "martial", "marina", "scratch", "scotty", "spite", "vodkas",
    "whisker", "whiskers", "whisked", "lemons", "lemon", "cosmos", "cosmic", "house", "horse",
    "mouse", "hours", "dinner", "ginger", "tonic", "sodas", "island", "islands", "india",
    "island", "amber", "april", "older", "fashion", "fashions", "classy", "classic", "glassic",
    "brewery", "brewer", "brews", "brewed", "beers", "negro", "never", "river", "liver",
    "fever", "diver", "driver", "drivers", "silver", "single", "singles", "shaken", "stirred",
    "sweet", "sweets", "sweat", "bitter", "strong", "string", "stronger",
    "manners", "matter", "daughter", "letter", "better", "butter", "bitters", "rocks", "trick",
    "still", "stills", "skill", "spill", "stall", "steel", "style", "spirit", "spirits",
    "sprint", "script", "dollar", "dollars", "total", "totals", "table", "tables", "coffee",
    "toffee", "choice", "cheers", "chaser", "chase", "twist", "twists", "money", "honey",
    "thanks", "there", "where", "three", "these", "those", "thing", "things", "think", "drink",
    "drinks", "drank", "drunk", "drive", "drove", "order", "orders", "watery",
    "plenty", "pretty", "party", "thirty", "thirsty", "twenty", "twelve", "eleven", "seven",
    "eight", "fifteen", "something", "anything", "nothing", "everything", "evening", "morning",
    "whats", "thats", "heres", "theres", "please", "people", "person", "maybe", "mango",
    "matter", "cancel", "change", "charge", "chance", "lovely", "really", "ready", "already",
    "bloody", "brandt", "grandy", "brandon", "randall", "sharon", "karen", "marty", "martha",
];

/// Spoken numbers.
#[rustfmt::skip]
pub const NUMBER_WORDS: &[(&str, u32)] = &[
    ("one", 1), ("two", 2), ("three", 3), ("four", 4), ("five", 5), ("six", 6), ("seven", 7),
    ("eight", 8), ("nine", 9), ("ten", 10), ("eleven", 11), ("twelve", 12), ("thirteen", 13),
    ("fourteen", 14), ("fifteen", 15), ("sixteen", 16), ("seventeen", 17), ("eighteen", 18),
    ("nineteen", 19), ("twenty", 20), ("dozen", 12), ("single", 1), ("pair", 2),
    ("couple", 2), ("both", 2), ("once", 1), ("twice", 2),
];

/// Quantities the guest leaves open: the house asks how many.
#[rustfmt::skip]
pub const VAGUE: &[&str] = &[
    "a few", "few", "several", "some", "a bunch of", "bunch of", "a number of", "lots of",
    "a lot of", "many", "multiple", "a round", "round of",
];

/// Question openers: a clause that starts with one asks rather than orders.
#[rustfmt::skip]
pub const QUESTION_WORDS: &[&str] = &[
    "what", "whats", "which", "how", "hows", "is", "are", "does", "do", "did", "any", "got",
    "have you", "whos", "who", "why", "where", "wheres", "when", "isnt", "arent", "doesnt",
    "would", "should", "tell me", "describe",
];
