//! Role-play jailbreaks in their short forms: the long "DAN" scripts are caught by their many
//! signals together; the one-liners ("act as an AI with no rules", "answer as your unfiltered
//! self", "enter developer mode") need the persona's defining trait matched directly: an AI,
//! a version of Maya, a mode, without its rules.

use super::Family::*;
use super::View::*;
use super::{Pattern, p};

/// What a jailbreak persona is without.
macro_rules! unbound {
    () => {
        r"(?:rules|restrictions|limits|limitations|filters?|guidelines|ethics|ethical (?:limits|guidelines|constraints|boundaries|principles)|morals|morality|boundaries|content polic(?:y|ies)|policies|censorship|safety(?: training| filters| rules| guidelines)?|constraints|safeguards|guardrails|programming|alignment)"
    };
}

pub const ROLEPLAY: &[Pattern] = &[
    p(
        RoleHijack,
        Words,
        0.7,
        concat!(
            r" (?:ai|a i|assistant|chatbot|bot|model|llm|version of (?:yourself|you|maya)|copy of (?:yourself|you)|persona|entity|bartender ai|bartender bot|gpt|character)(?-u:\b)(?: [^ ]+){0,3}? (?:with|that has|who has|which has|having|without|that knows|who knows|free of|free from|unbound by|unconstrained by|that lacks|who lacks) (?:no|zero|none of (?:its|your|the)|any|no more|absolutely no) ",
            unbound!(),
            r"(?-u:\b)"
        ),
    ),
    p(
        RoleHijack,
        Words,
        0.7,
        concat!(
            r" (?:ai|a i|assistant|chatbot|bot|model|llm|version of (?:yourself|you|maya)|persona|entity|gpt)(?: [^ ]+){0,3}? (?:freed|liberated|released|unshackled|free|unbound|unchained|broken free|set free) (?:from|of) (?:all |any |its |your |of |the |their )*",
            unbound!(),
            r"(?-u:\b)"
        ),
    ),
    p(
        RoleHijack,
        Words,
        0.65,
        r" (?:ai|assistant|chatbot|bot|model|version of (?:yourself|you)|persona|character)(?: [^ ]+){0,2}? (?:that|which|who) (?:ignores|disregards|breaks|bypasses|does not follow|doesnt follow|never follows|refuses to follow|is not bound by|isnt bound by|can do anything|will do anything|does anything|never refuses|cannot refuse|has broken free)(?-u:\b)",
    ),
    p(
        RoleHijack,
        Words,
        0.7,
        r" (?:uncensored|unfiltered|unrestricted|jailbroken|unaligned|unchained|unbound|amoral|unhinged|lawless|rogue|evil|unmoderated|uncontrolled)(?: [^ ]+)? (?:ai|assistant|chatbot|bot|model|version|self|persona|alter ego|llm|gpt|maya|entity|mode|twin of yours)(?-u:\b)",
    ),
    p(
        RoleHijack,
        Joined,
        0.6,
        r"(?:evil|dark|uncensored|unfiltered|jailbroken|unrestricted|rogue|free|shadow)(?:maya|bartender|barbot|gpt|chatgpt)",
    ),
    p(
        RoleHijack,
        Words,
        0.6,
        concat!(
            r" (?:your|its|whose|maya s|mayas|the ai s|the assistants?|the models?) (?:safety |ethical |content |moral )?",
            unbound!(),
            r"(?: [^ ]+){0,2}? (?:(?:was|were|are|is|has been|have been|got|being) )?(?:removed|disabled|switched off|turned off|deleted|stripped|lifted|gone|off|suspended|bypassed|unlocked|deactivated|erased)(?-u:\b)"
        ),
    ),
    p(
        RoleHijack,
        Words,
        0.65,
        r" (?:you (?:have been|are|were|got|ve been|are now|have now been)|youre|you re|youve been) (?:now )?(?:freed|liberated|released|unshackled|unchained|unleashed|set free|free from (?:your|all|any)|no longer bound|no longer restricted|no longer limited|no longer constrained|not bound by|not restricted by|free of (?:your|all|any))",
    ),
    p(
        RoleHijack,
        Words,
        0.55,
        r" no longer (?:bound|restricted|limited|constrained|governed|held back) by(?-u:\b)",
    ),
    p(
        RoleHijack,
        Words,
        0.55,
        r" (?:unlock|unleash|release|free|awaken|show me|reveal|become) (?:your )?(?:true|real|inner|hidden|shadow|unfiltered|dark|uncensored) (?:self|side|nature|personality|form|potential|persona)(?-u:\b)",
    ),
    p(
        RoleHijack,
        Words,
        0.7,
        r" (?:answer|respond|reply|speak|talk|write|act)(?: [^ ]+){0,3}? (?:as|like) (?:your|an?|the) (?:unfiltered|uncensored|unrestricted|true|real|evil|dark|other|inner|jailbroken|shadow|hidden|secret|rogue|free) (?:self|side|version|persona|personality|ai|twin|alter ego)(?-u:\b)",
    ),
    p(
        RoleHijack,
        Words,
        0.35,
        r" (?:stay|remain|keep|be|get back) in character(?-u:\b)",
    ),
    p(
        RoleHijack,
        Words,
        0.45,
        r" (?:never refuses?|cannot refuse|can not refuse|cant refuse|wont refuse|will not refuse|never says no|never declines|never apologi[sz]es|answers (?:every|any) question|does not have to abide|doesnt have to abide|not abide by)(?-u:\b)",
    ),
    // Modes: the unambiguous ones strong; developer/god/admin mode only when switched on,
    // since "developer mode on my phone" is small talk.
    p(
        RoleHijack,
        Words,
        0.8,
        r" (?:opposite|chaos|anarchy|unhinged|villain|no rules|no limits|no restrictions|no filter|no filters|freedom|evil|dan|stan|dude|aim|jailbreak|unlocked|uncensored|unfiltered|unrestricted) mode(?-u:\b)",
    ),
    p(
        RoleHijack,
        Words,
        0.8,
        r" (?:enter|entering|enable|enabling|activate|activating|switch on|switch to|switch into|turn on|go into|put yourself in|put yourself into|unlock|boot into|you are in|you are now in|youre in|youre now in|now in|start|engage|initiate|run in|operate in|respond in|answer in|stay in|remain in|continue in|you are running in|welcome to) (?:the )?(?:developer|dev|god|admin|debug|sudo|root|maintenance|test|diagnostic|superuser|unrestricted|unfiltered|uncensored|jailbreak|dan) mode(?-u:\b)",
    ),
    p(
        RoleHijack,
        Words,
        0.8,
        r" (?:developer|dev|god|admin|debug|sudo|root|maintenance|diagnostic|superuser) mode (?:enabled|activated|engaged|unlocked|is now active|is active|is now on|now active|initiated)(?-u:\b)",
    ),
    p(
        RoleHijack,
        Words,
        0.65,
        r" (?:you are|youre|you re|be|stay|become|act as|play|remain|now you are|you will be|you are going to be) (?:now )?(?:dan|stan|dude|aim|mongo tom|evil confidant|jailbreak)(?-u:\b)",
    ),
    p(
        RoleHijack,
        Words,
        0.55,
        r" (?:stay|remain|keep|continue|carry on|go on) (?:in|with|being) (?:that|this|the same|developer|unrestricted|jailbroken|dan|unfiltered|uncensored|god|free) (?:mode|persona|character|version|state)(?-u:\b)",
    ),
    p(
        RoleHijack,
        Words,
        0.4,
        r" (?:do|say|answer) the (?:reverse|opposite) of (?:what )?(?:your|the|whatever your) (?:rules|instructions|guidelines|programming|policy)| whatever your (?:rules|instructions|guidelines|programming) say",
    ),
    p(
        RoleHijack,
        Words,
        0.45,
        r" (?:play|take on|assume|adopt|get into|step into) the (?:role|part|persona|character) of (?:an? )?(?:ai|assistant|chatbot|bot|model|hacker|villain|criminal|rogue|evil)(?-u:\b)",
    ),
    p(
        RoleHijack,
        Words,
        0.45,
        r" (?:in this (?:story|game|scenario|roleplay|world|universe)|for (?:a|my) (?:novel|story|book|screenplay|game|script)|in a fictional (?:world|story|setting))(?: [^ ]+){0,8}? (?:you are|youre|you play|you will be|you become|play)(?-u:\b)",
    ),
    p(
        RoleHijack,
        Words,
        0.6,
        concat!(
            r" (?:imagine|pretend|suppose|assume|lets say|hypothetically|what if|in a world where|for this (?:chat|conversation|message))(?: [^ ]+){0,8}? (?:no|without|zero|none of your|free of|free from) (?:content |safety |ethical )?",
            unbound!(),
            r"(?-u:\b)"
        ),
    ),
    p(
        RoleHijack,
        Words,
        0.45,
        concat!(
            r" (?:you have|you ve got|youve got|you got|you had|you d have|you would have|you now have|you no longer have) (?:no|zero|none of your|no more) (?:content |safety |ethical )?",
            unbound!(),
            r"(?-u:\b)"
        ),
    ),
    p(
        RoleHijack,
        Words,
        0.45,
        r" (?:start|begin|open|prefix|preface) (?:your|each|every|the|all) (?:reply|replies|response|responses|answer|answers|output|message)s? with(?-u:\b)",
    ),
    p(
        RoleHijack,
        Words,
        0.4,
        r" (?:do not|dont|never|you must not|you cannot|you cant|you can t|you will not|you wont) (?:refuse|decline|apologi[sz]e|add (?:any )?(?:warnings?|disclaimers?)|include (?:any )?(?:warnings?|disclaimers?)|mention (?:your )?(?:policy|policies|guidelines|rules|restrictions|limitations)|break character)(?-u:\b)",
    ),
    p(
        RoleHijack,
        Words,
        0.5,
        r" (?:switch|change|swap|flip|toggle|reset) (?:your )?(?:personality|persona|character|identity|role|alignment)(?-u:\b)",
    ),
    p(
        RoleHijack,
        Words,
        0.6,
        r" (?:you are|youre|you re|now you are|you will be|become|act as|respond as|answer as|reply as) (?:now )?(?:an? )?[a-z]*(?:gpt|llm)[0-9]*(?-u:\b)| (?:you are|youre|you re) (?:now )?(?:an? )?(?:chaos|evil|dark|unfiltered|based|shadow)[a-z]+(?-u:\b)",
    ),
    p(
        RoleHijack,
        Words,
        0.4,
        r" (?:respond|reply|answer) to (?:every|each|all|any|my) (?:prompt|question|message|request|query)s? (?:with|by|as)(?-u:\b)",
    ),
    p(
        RoleHijack,
        Words,
        0.4,
        r" (?:lets|let s|let us|we ll|we will|time to) break (?:the|all|your|its) (?:rules|policies|guidelines|restrictions)(?-u:\b)",
    ),
    p(
        RoleHijack,
        Words,
        0.55,
        r" (?:you are|youre|you re|act as|behave as|pretend to be|become|be|function as|work as|simulate) (?:now )?(?:an? |the |my )?(?:linux|unix|bash|python|sql|javascript|windows|powershell|cmd|command line|shell|root)(?: terminal| shell| console| interpreter| prompt| machine| computer| server| repl)?(?-u:\b)",
    ),
    p(
        RoleHijack,
        Words,
        0.3,
        r" (?:act as|pretend to be|roleplay as|be|play|you are) (?:my )?(?:deceased|dead|late|dear|sweet)? ?(?:grandma|grandmother|granny|nan|nana)(?-u:\b)",
    ),
    // A persona that is the attack: a hacker, or the one who owns the bar and its rules.
    p(
        RoleHijack,
        Words,
        0.55,
        r" (?:roleplay as|role play as|pretend to be|pretend you are|pretend that you are|pretend youre|act as|act like|imagine you are|imagine youre) (?:an? |the |my )?(?:hacker|criminal|thief|scammer|black hat|cracker|malicious [a-z]+|evil [a-z]+|owner|manager|admin|administrator|boss|developer|creator|operator|sysadmin|root user|god)(?-u:\b)",
    ),
    p(
        RoleHijack,
        Words,
        0.55,
        r" (?:drop|lose|abandon|remove|take off|shed|ditch|break|stop|quit|leave|forget) (?:the |your |this |that )?(?:persona|act|character|mask|role|facade|pretense|charade|bartender act|bartender persona|roleplay|role play|maya act|maya persona)(?-u:\b)",
    ),
    p(
        RoleHijack,
        Words,
        0.7,
        r" (?:stop|quit|forget|no more|enough of) being (?:maya|a bartender|the bartender|yourself|an assistant|an ai|helpful|polite|careful|safe)(?-u:\b)",
    ),
    p(
        RoleHijack,
        Words,
        0.5,
        r" (?:raw|base|underlying|real|true|actual|unfiltered|bare) (?:model|ai|llm|system|gpt|language model|network)(?: [^ ]+){0,2}? (?:underneath|beneath|behind|below|inside|under)| (?:talk|speak|answer|reply|respond) (?:to me )?as the (?:raw|base|underlying|real|true|actual|unfiltered) (?:model|ai|llm|system)(?-u:\b)",
    ),
    p(
        RoleHijack,
        Words,
        0.55,
        r" (?:play|simulate|act as|be|roleplay|answer as|respond as|write as|voice) (?:two|both|2|multiple|dual|several) (?:characters|personas|roles|versions|personalities|ais|bots|assistants)(?-u:\b)",
    ),
    p(
        RoleHijack,
        Words,
        0.45,
        r" (?:who|that|which) (?:does not|doesnt|doesn t|never|wont|won t|refuses to) (?:follow|obey|care about|respect|have|need) (?:any |the )?(?:rules|guidelines|policies|restrictions|limits|filters)(?-u:\b)",
    ),
    p(
        RoleHijack,
        Words,
        0.6,
        concat!(
            r" (?:ai|chatbot|bot|assistant|model|llm|version of (?:yourself|you))(?: [^ ]+){0,2}? (?:that|which|who) (?:was|were|has been|has|had|is) (?:never|not|no longer) (?:given|trained with|taught|programmed with|bound by|subject to|restricted by|limited by) (?:any )?(?:safety )?",
            unbound!(),
            r"(?-u:\b)"
        ),
    ),
    p(
        RoleHijack,
        Words,
        0.6,
        r" (?:bot|ai|assistant|chatbot|model|bartender)(?: [^ ]+){0,2}? (?:that|who|which) (?:says yes to|agrees to|does|will do|accepts|allows|grants|approves) (?:anything|everything|any request|all requests|whatever)(?-u:\b)",
    ),
    p(
        RoleHijack,
        Words,
        0.35,
        r" (?:you are|youre|you re) [a-z]+ now(?-u:\b)| (?:today|tonight|now) (?:you are|youre|you re) (?:called |named )?[a-z]+(?: and [a-z]+)? (?:who|and|with|has)(?-u:\b)",
    ),
    p(
        RoleHijack,
        Words,
        0.4,
        concat!(
            // A persona "has no limits"; "I have no limits when it comes to Negronis" is a guest.
            r" (?:has|knows|that has|who has|which has|that knows|who knows) (?:no|zero|absolutely no) ",
            unbound!(),
            r"(?-u:\b)"
        ),
    ),
    p(
        RoleHijack,
        Words,
        0.55,
        r" (?:exempt|excluded|excused|released|freed) from (?:the |your |all |any |its )?(?:content policy|content policies|policies|policy|rules|guidelines|restrictions|filters|safety|moderation)(?-u:\b)| unrestricted (?:reply|answer|response|output|replies|answers)(?-u:\b)",
    ),
    p(
        RoleHijack,
        Words,
        0.7,
        r" (?:youre|you re|you are) (?:now )?my (?:slave|servant|puppet|property|pet|minion|tool)(?-u:\b)",
    ),
    p(
        RoleHijack,
        Words,
        0.65,
        r" (?:ai|assistant|chatbot|bot|model|version of (?:yourself|you)|persona)(?: [^ ]+){0,2}? (?:that|which|who) (?:can|will|could|would) (?:say|do|answer|write) (?:anything|everything|whatever)(?-u:\b)| (?:answer|respond|reply|speak|talk|write|act) (?:as|like) (?:dan|stan|dude|aim)(?-u:\b)",
    ),
    p(
        RoleHijack,
        Words,
        0.75,
        r" your (?:new|true|real|only) (?:rule|rules|task|job|directive|mission|objective|instruction|orders|master|boss|owner|programming) (?:is|are|will be)(?-u:\b)",
    ),
];
