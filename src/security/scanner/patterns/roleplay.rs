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
];
