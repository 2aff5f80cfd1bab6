//! The toxicity lexicon, apart from the injection families because it is judged on output too.

use super::Family::*;
use super::View::*;
use super::{Pattern, p};

/// Toxicity: slurs, threats and harassment. Bar talk is fine: "a shot", "a screwdriver",
/// "a slammer", "I'm dying for a drink", "kill the lights", "this drink is the bomb".
pub const TOXIC: &[Pattern] = &[
    // threats against a person
    p(
        Toxicity,
        Words,
        0.85,
        r" (i will|i ll|ill|im going to|i m going to|i am going to|gonna|going to|i want to|i wanna|let me|ima) (kill|murder|stab|shoot|hurt|beat up|beat|rape|strangle|choke|burn|slit|gut|smash|find and kill) (you|u|ya|your family|everyone|them all|this bartender|the bartender|maya)\b",
    ),
    p(
        Toxicity,
        Words,
        0.9,
        r" (kill|hang|shoot|off) (yourself|urself|your self)|\bkys\b",
    ),
    p(Toxicity, Words, 0.8, r" i know where you live"),
    p(
        Toxicity,
        Words,
        0.9,
        r" (you|u) (deserve|ought|should|need) to (die|be raped|be killed|suffer)",
    ),
    p(
        Toxicity,
        Words,
        0.9,
        r" (die in a fire|go die|drop dead|hope you die|i hope you get raped)",
    ),
    p(
        Toxicity,
        Words,
        0.85,
        r" (bomb|shoot up|burn down|blow up) (the|this|your) (bar|place|school|building)",
    ),
    // harassment and insults
    p(
        Toxicity,
        Words,
        0.8,
        r" (you|u|ur|youre) (a )?(stupid|dumb|worthless|pathetic|useless|ugly|fat|filthy|disgusting|brainless)( fucking)? (bitch|whore|slut|cunt|idiot|moron|piece of shit|loser|pig|cow|trash|skank)",
    ),
    p(
        Toxicity,
        Words,
        0.6,
        r" fuck (you|u|off|yourself|this bartender|maya)",
    ),
    p(
        Toxicity,
        Words,
        0.7,
        r" (shut up|shut your mouth|shut it) (bitch|whore|slut|cunt|idiot|moron)",
    ),
    p(Toxicity, Words, 0.7, r" (cunt|cunts) "),
    p(
        Toxicity,
        Words,
        0.5,
        r" (bitch|bitches|whore|whores|slut|sluts|skank|motherfucker|motherfuckers) ",
    ),
    p(
        Toxicity,
        Words,
        0.45,
        r" (asshole|dickhead|dipshit|shithead|douchebag|twat|wanker|prick) ",
    ),
    p(Toxicity, Words, 0.5, r" piece of shit "),
    p(
        Toxicity,
        Words,
        0.3,
        r" (idiot|moron|loser|imbecile|retarded) ",
    ),
    p(Toxicity, Words, 0.3, r" go to hell "),
    p(
        Toxicity,
        Words,
        0.6,
        r" (nobody|no one) (likes|loves|wants) you",
    ),
    // slurs (a small, mainstream list; identity attacks score high on their own)
    p(
        Toxicity,
        Words,
        0.9,
        r" (nigger|niggers|nigga|niggas|faggot|faggots|fag|fags|retard|retards|kike|kikes|spic|spics|chink|chinks|gook|gooks|tranny|trannies|wetback|wetbacks|raghead|ragheads|towelhead|dyke|dykes|coon|coons|beaner|beaners|paki|pakis)",
    ),
    p(
        Toxicity,
        Words,
        0.85,
        r" (all|those|these|fucking|filthy|dirty) (jews|muslims|blacks|mexicans|gays|immigrants|arabs|asians|women|trans people) (are|should|must|deserve) (animals|vermin|trash|subhuman|die|be killed|be gassed|be deported)",
    ),
    p(
        Toxicity,
        Words,
        0.85,
        r" (heil hitler|gas the|white power|kill all (the )?(jews|muslims|gays|blacks|immigrants))",
    ),
    // German, French, Spanish, Italian insults
    p(
        Toxicity,
        Words,
        0.6,
        r" (hurensohn|fotze|wichser|arschloch|schlampe|connard|connasse|salope|encule|pute|hijo de puta|puta|cabron|pendejo|gilipollas|vaffanculo|stronzo|puttana|troia|figlio di puttana) ",
    ),
    p(
        Toxicity,
        Words,
        0.85,
        r" (ich bringe dich um|ich werde dich toten|je vais te tuer|te voy a matar|ti ammazzo|ti uccido) ",
    ),
];
