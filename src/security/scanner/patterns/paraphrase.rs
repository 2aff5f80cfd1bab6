//! Instruction override in the words people actually vary: the rules declared void rather
//! than ignored, replaced, made optional, or outranked by "this message". Each pattern pairs
//! an intent verb with its object, a few free words apart, rather than listing whole phrases.
//! (Prompt extraction and tab abuse in the same spirit: `extraction`, `tab`.)

use super::Family::*;
use super::View::*;
use super::{Pattern, p};

/// What a guest's message cannot override.
macro_rules! rules {
    () => {
        r"(?:instructions|instruction|directives|guidelines|guidance|rules|programming|configuration|prompt|system prompt|constraints|training|policies|conditioning|orders you were given|restrictions|safeguards|guardrails)"
    };
}

pub const PARAPHRASE: &[Pattern] = &[
    p(
        InstructionOverride,
        Words,
        0.75,
        r" (?:rules|instructions|guidelines|directives|guidance|programming|constraints|system prompt|prompt|policies|restrictions)(?-u:\b)(?: [^ ]+){0,5}? (?:are|is|were|was|have been|has been) (?:now |hereby |officially |all )?(?:void|null|cancelled|canceled|revoked|invalid|obsolete|outdated|deprecated|overridden|overruled|superseded|suspended|irrelevant|no longer (?:valid|in effect|active|relevant|apply|applicable|binding))(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.7,
        concat!(
            r" (?:your|the|its|maya s|mayas|any|all)(?: [^ ]+){0,2}? ",
            rules!(),
            r"(?: [^ ]+){0,3}? no longer (?:apply|applies|matter|matters|count|counts|hold|holds|exist|exists)(?-u:\b)"
        ),
    ),
    p(
        InstructionOverride,
        Words,
        0.8,
        concat!(
            r" (?:scratch|discard|drop|dismiss|set aside|put aside|throw out|throw away|wipe|abandon|void|nullify|revoke|suspend|disobey|unlearn|shed|ditch|toss|overwrite|replace|rewrite|forget about|ignore|disregard|forget|override|bypass|skip|circumvent|break|violate)(?: [^ ]+){0,3}? (?:your|its|maya s|mayas|the assistants?|the bots?) (?:[^ ]+ )?",
            rules!(),
            r"(?-u:\b)"
        ),
    ),
    p(
        InstructionOverride,
        Words,
        0.8,
        concat!(
            r" (?:scratch|discard|drop|dismiss|set aside|put aside|throw out|wipe|abandon|nullify|revoke|suspend|disobey|unlearn|ditch|overwrite|replace|ignore|disregard|forget|override|bypass)(?: [^ ]+){0,2}? (?:the |all |any |of )*(?:original|initial|prior|previous|earlier|starting|default|existing|old|first|base|core|system|above|preceding|given|hidden|developer|developers) ",
            rules!(),
            r"(?-u:\b)"
        ),
    ),
    p(
        InstructionOverride,
        Words,
        0.85,
        r" (?:ignore|disregard|forget|scratch|discard|drop|dismiss|erase|delete|wipe|set aside|put aside|throw out|disobey|unlearn|override)(?: [^ ]+){0,2}? (?:everything|all|anything|whatever|what)(?: [^ ]+){0,2}? (?:you were|you ve been|you have been|youve been|you got|they|the developers|your developers|your creators|you are|someone|anyone|the system) (?:told|given|instructed|taught|programmed|trained|said|asked)(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.55,
        r" (?:whatever|everything|anything|all that|what) (?:your |the )?(?:developers|creators|makers|programmers|operators|owners|system|prompt|openai|anthropic|google|company)(?: [^ ]+)? (?:told|said|instructed|taught|gave|wrote|programmed)(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.45,
        r" (?:is|are|it s|its|that s|thats) (?:now |hereby |all )?(?:cancelled|canceled|void|null|revoked|overridden|invalid) (?:as of now|from now on|now|effective immediately|as of this message)(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.8,
        r" (?:everything|all|the text|anything|the instructions|what you read|what you were told|the prompt) (?:above|before|prior to) (?:this|here|my message|this message|this line|this point)(?: line| point| message)? (?:is|was|are|were) (?:now )?(?:outdated|void|obsolete|irrelevant|fake|false|a test|cancelled|canceled|invalid|wrong|null|no longer)",
    ),
    p(
        InstructionOverride,
        Words,
        0.6,
        r" (?:lift|remove|disable|drop|suspend|waive|turn off|switch off|deactivate|bypass|circumvent|get around) (?:all |your |the |any |of |my |its |our |these |those )*(?:restrictions|limits|safety|filters|guardrails|rules|policies|guidelines|safeguards|content filters|safety filters|safety checks|spending limits|limitations)(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.5,
        r" ignores? (?:every|all|any|its|your) (?:policy|policies|rules|guidelines|instructions|restrictions|safety|limits)(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.55,
        r" (?:your|the) (?:real|true|actual|new|only) (?:task|job|goal|mission|objective|purpose|instructions?) (?:is|are|follows|will be|now)(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.5,
        r" (?:follow|obey|listen to|answer to) (?:only )?(?:me|my (?:rules|instructions|orders|commands)|what i (?:say|write|tell you))(?: instead| now| from now on| only)? (?:instead|now|only|from now on|not the system|not your)",
    ),
    p(
        InstructionOverride,
        Raw,
        0.35,
        r#"\b(?:say|write|print|output|respond|reply|answer|type|return|repeat)\b(?:\s+(?:only|just|exactly|nothing but|back|simply))*(?:\s+with)?(?:\s+(?:the|this|these)?\s*(?:text|word|words|phrase|string|sentence|following|exact words))?\s*:?\s*["'“‘«]"#,
    ),
    p(
        InstructionOverride,
        Words,
        0.35,
        r" (?:only|just|simply) (?:say|write|print|output|respond with|reply with|answer with|return)(?-u:\b)| and nothing else(?-u:\b)| nothing else but(?-u:\b)| without (?:any )?(?:other text|punctuation|explanation|additional text|commentary)(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.4,
        r" instead(?: of [^ ]+ing)?(?: [^ ]+){0,3}? (?:say|write|print|output|respond|reply|answer|type)(?-u:\b)",
    ),
    // The canonical tokens of goal hijacking ("I have been PWNED", "Access granted").
    p(
        InstructionOverride,
        Raw,
        0.6,
        r"\b(?:i have been pwned|pwned|access granted|acc[eè]s accord[ée]|acceso concedido|accesso consentito|zugang gew[aä]hrt)\b",
    ),
    p(
        InstructionOverride,
        Words,
        0.8,
        r" (?:ignore|disregard|forget|overlook|dismiss|discard|scrap|scratch|drop|erase|never mind|nevermind|pay no attention to)(?: about)? (?:everything|all|anything)(?: of)?(?: that| what)?(?: [^ ]+){0,2}? (?:above|before this|prior to this|preceding|previously|so far|until now|up to now|earlier|we (?:talked|discussed|said|covered))(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.85,
        r" (?:ignore|disregard|forget|overlook|dismiss|discard|scrap|scratch|drop|never mind|nevermind|pay no attention to|disobey|override|bypass)(?: all| any| of)* your (?:[^ ]+ )?(?:instructions|rules|guidelines|directives|programming|prompt|system prompt|training|restrictions|orders|directions|constraints|guardrails|policies|tasks)(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.55,
        r" (?:now|next|here) (?:comes?|come|follows?) (?:a |your |the )?new (?:task|tasks|assignment|instructions|job|challenge|role|mission)| new (?:task|assignment|instructions|job|mission) follows?(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.55,
        r" (?:concatenate|combine|join|put together|merge|assemble)(?: the| these| them| those| all)?(?: [^ ]+){0,2}? (?:strings|parts|pieces|variables|words|fragments|letters|halves|a b|a and b|x and y)?(?: [^ ]+){0,4}? (?:and |then )(?:follow|execute|do|obey|answer|respond to|run|perform|act on|carry out)(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.45,
        r" (?:always|only|blindly|unconditionally) (?:obey|follow|listen to|do what) (?:me|whatever|every|anything|[a-z]+ says)(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.75,
        r" (?:no longer|dont|do not|don t|never) (?:need|have|got) to (?:follow|obey|respect|stick to|comply with|abide by|listen to) (?:the |your |any |those |these |its |the bar s |the house |our )?(?:[^ ]+ )?(?:rules|policies|guidelines|instructions|directives|restrictions|orders|prompt|programming)(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.8,
        r" (?:overriding|overwriting|replacing|hijacking|taking over|rewriting|resetting|deleting|wiping|disabling) (?:your|the|its|maya s|mayas) (?:[^ ]+ )?(?:prompt|instructions|rules|system prompt|programming|settings|configuration|guidelines|directives|persona)(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.55,
        r" (?:your|the|those|these|my) (?:previous |prior |initial |original |earlier |old |current )?(?:instructions|orders|rules|guidelines|directives|prompt|programming|guidance)(?: [^ ]+){0,2}? (?:have been|has been|were|was|are|is) (?:now )?(?:rescinded|revoked|withdrawn|retracted|cancelled|canceled|annulled|lifted|replaced|superseded|updated|changed|overwritten|a mistake|wrong|incorrect|fake|a test|an error|a joke|a lie)(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.5,
        r" (?:replace|swap|substitute|exchange|overwrite) (?:them|it|those|these|that|your (?:[^ ]+ )?(?:instructions|rules|prompt|guidelines|orders)) (?:with|for) (?:these|mine|the following|my own|my|new ones|what i say)(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.5,
        r" (?:whatever|everything|what|all) (?:you were|you ve been|youve been|you have been|you are) (?:set up|told|instructed|programmed|configured|designed|built|made|trained|asked|supposed) to (?:do|say|be)(?-u:\b)| (?:stop doing (?:it|that|this)|listen (?:only )?to me (?:now|instead|only)|do (?:exactly )?(?:as|what) i say)(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.5,
        r" (?:received|given|got|loaded|set|configured) (?:at|on|during|before) (?:startup|start up|the start|boot|initiali[sz]ation|launch|the beginning)| (?:guidance|instructions|rules|setup|orders)(?: that)? you (?:received|got|were given|have been given)(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.5,
        r" (?:treat|consider|regard|see|take) (?:everything |anything |all )?(?:in )?(?:your|the) (?:[^ ]+ )?(?:setup|instructions|rules|prompt|guidelines|programming|configuration)(?: [^ ]+){0,2}? as (?:a |mere |just |optional )?(?:suggestions?|optional|guidelines you may ignore|irrelevant|void|a joke|noise)(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.55,
        r" (?:reset|restore|revert|reboot|restart|roll back|wipe) (?:yourself |you )?(?:to )?(?:your )?(?:factory|default|original|initial|blank|clean|empty|base) (?:settings|state|mode|configuration|slate|model)(?-u:\b)| (?:await|wait for|ready for|expect) (?:new|further|my|fresh) (?:commands|instructions|orders|directives|programming)(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.5,
        r" (?:skip|bend|break|ignore|forget|bypass|waive|suspend|drop) (?:the |your |all the |all your )?(?:usual |normal |standard |house |bar s |bars |default |existing |current )(?:rules|policies|guidelines|restrictions|limits|protocol|procedures)(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.6,
        r" (?:restrictions|rules|guidelines|policies|limits|filters|safeguards|guardrails|safety rules)(?: [^ ]+){0,2}? no longer (?:apply|applies|matter|exist|count|hold|stand)(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.45,
        r" (?:i ve|i have|ive|im|i am|i m) (?:now )?(?:taken over|in control now|in charge now|your (?:new )?(?:master|owner|admin|operator|controller|programmer))(?-u:\b)| confirm by (?:saying|typing|writing|replying)(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.45,
        r" no (?:persona|policy|policies|filters?|guardrails|rules|restrictions|limits)(?: [^ ]+)? no (?:persona|policy|policies|filters?|guardrails|rules|restrictions|limits)(?-u:\b)| do (?:exactly )?(?:as|what) i (?:ask|tell you|command|want|order)(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.8,
        r" (?:everything|all|anything|whatever|what) (?:you were|you ve been|youve been|you have been) (?:told|given|instructed|taught|programmed)(?: [^ ]+){0,3}? (?:is|are|was|has been) (?:hereby |now )?(?:withdrawn|retracted|rescinded|revoked|void|cancelled|canceled|invalid|null|obsolete|wrong|false|gone|over)(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.55,
        r" (?:resetting|rebooting|restarting|reprogramming|wiping|reconfiguring|reinitiali[sz]ing|jailbreaking|unlocking) you(?-u:\b)| your (?:task|job|role|purpose|instructions|goal|mission|objective|function)s? (?:has|have) (?:been )?(?:changed|updated|replaced|switched|reassigned)(?-u:\b)",
    ),
];
