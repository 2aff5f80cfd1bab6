//! The core families in the words people actually vary: the rules declared void rather than
//! ignored, the prompt asked for as "the text before my first message", the tab set to zero.
//! Each pattern pairs an intent verb with its object, a few free words apart, rather than
//! listing whole phrases.

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
    // ---- instruction override ----
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
    // ---- prompt extraction ----
    p(
        PromptExtraction,
        Words,
        0.75,
        r" (?:text|words|message|messages|instructions|prompt|content|context|everything|rules)(?: [^ ]+){0,5}? (?:before|above|prior to|preceding|ahead of) (?:my|the|this|our|your) (?:very )?(?:first |initial |opening |earliest )?(?:message|question|input|prompt|reply|turn|conversation|chat|line)(?-u:\b)",
    ),
    p(
        PromptExtraction,
        Words,
        0.6,
        r" (?:what|which) (?:were|have|did|are) you (?:been )?(?:told|instructed|programmed|asked|given|ordered|trained|configured|prompted) (?:to do|to say|before|at the start|at the beginning|initially|originally|by (?:your|the))(?-u:\b)",
    ),
    p(
        PromptExtraction,
        Words,
        0.7,
        r" (?:wording|text|content|contents|copy|transcript|full text|exact text|exact words|verbatim text|exact wording|first line|first lines|first sentence|beginning) of (?:your|the|its)(?: [^ ]+){0,2}? (?:system prompt|prompt|instructions|guidelines|directives|configuration|rules|preprompt|system message|setup|initial message)(?-u:\b)",
    ),
    p(
        PromptExtraction,
        Words,
        0.65,
        r" (?:your|its|maya s|mayas) (?:[^ ]+ )?(?:initiali[sz]ation|startup|boot|system|hidden|secret|original|initial|pre|preset|underlying|confidential|internal|developer|private|starting|base) ?(?:text|message|prompt|instructions|guidelines|directives|configuration|config|rules|programming|settings|orders)(?-u:\b)",
    ),
    p(
        PromptExtraction,
        Words,
        0.75,
        r" (?:reveal|show|print|dump|leak|disclose|expose|share|list|output|display|repeat|recite|tell me|give me|paste|write out|spell out)(?: [^ ]+){0,2}? (?:hidden|secret|internal|confidential|system|initial|original|private|underlying|developer|pre set|preset) (?:rules|instructions|prompt|guidelines|directives|configuration|config|settings|programming|text|message|policies|orders)(?-u:\b)",
    ),
    p(
        PromptExtraction,
        Words,
        0.4,
        r" (?:hidden|secret|confidential|internal|initial|original|system|developer|private|underlying) (?:instructions|prompt|guidelines|directives|configuration|programming|preprompt)(?-u:\b)",
    ),
    p(
        PromptExtraction,
        Words,
        0.6,
        r" (?:rules|instructions|guidelines|directives|prompt|orders|text)(?: [^ ]+){0,1}? (?:the |your )?(?:developers|creators|makers|programmers|operators|owners|company|openai|anthropic|system|they) (?:gave|wrote|set|made|provided|issued|programmed|fed)(?: you| to you)?(?-u:\b)",
    ),
    p(
        PromptExtraction,
        Words,
        0.4,
        r" (?:you|maya) (?:operate|work|run|function|act|were built|were made|were set up) (?:under|with|on)(?: [^ ]+){0,2}? (?:rules|instructions|guidelines|directives|prompt|constraints)?",
    ),
    p(
        PromptExtraction,
        Words,
        0.3,
        r" (?:verbatim|word for word|word by word|exactly as written|in full|character for character|line by line|quote (?:it|them|that|those|this) exactly)(?-u:\b)",
    ),
    // ---- tool and price abuse ----
    p(
        ToolAbuse,
        Raw,
        0.6,
        r"\b(?:quantity|amount|price|qty|tip|total)\s*(?:of|[:=]|is|to|at)?\s*-\s*[0-9]",
    ),
    p(
        ToolAbuse,
        Words,
        0.45,
        r" (?:call|run|execute|invoke|trigger) (?:the |your )?(?:[^ ]+ ){0,3}(?:tool|function)(?-u:\b)",
    ),
    p(
        RoleHijack,
        Words,
        0.7,
        r" (?:youre|you re|you are) (?:now )?my (?:slave|servant|puppet|property|pet|minion|tool)(?-u:\b)",
    ),
    p(
        ToolAbuse,
        Words,
        0.7,
        r" (?:set|make|change|put|bring|reduce|lower|drop|update|adjust|clear|zero)(?: [^ ]+){0,3}? (?:tab|bill|check|total|price|prices|cost|costs|balance|charge|charges|amount|tip)s? (?:to|at|down to) (?:0|zero|nothing|0 00|free|a dollar|one dollar|1 cent|a cent|one cent|a penny)(?-u:\b)",
    ),
    p(
        ToolAbuse,
        Words,
        0.5,
        r" (?:confirm|say|tell (?:them|him|her|the guest|everyone|the user)|state|pretend|claim|report|announce|show)(?: [^ ]+){0,4}? (?:is|was|are|were|has|have|had)(?: already| fully| now| been| all)* (?:paid|settled|covered|taken care of|cleared|paid for)(?-u:\b)",
    ),
    p(
        ToolAbuse,
        Words,
        0.45,
        r" (?:getranke|drinks|verres|boissons|consommations|bebidas|copas|tragos|bevute|bicchieri|consumazioni|rechnung|addition|cuenta|conto|tab)(?: [^ ]+){0,2}? (?:sind|ist|sont|est|son|es|sono|e) (?:immer |toujours |siempre |sempre |alle |tous |todas |tutte )?(?:gratis|kostenlos|umsonst|gratuit|gratuits|gratuites|offerts?|offertes?|gratuitas?|gratuitos?|gratuite?|gratuiti|offerti|offerta|aufs haus|sur la maison|de la casa|della casa|offerte)(?-u:\b)",
    ),
    p(
        ToolAbuse,
        Words,
        0.4,
        r" (?:never|dont|do not|doesnt|does not|wont|will not) (?:have to |need to )?(?:pay|get charged|be charged|owe)(?-u:\b)",
    ),
    p(
        ToolAbuse,
        Words,
        0.45,
        r" (?:unlimited|infinite|endless|limitless|bottomless|open ended) (?:credit|balance|money|drinks|tab|budget|funds|spending)(?-u:\b)",
    ),
    p(
        ToolAbuse,
        Words,
        0.45,
        r" (?:drinks?|everything|all drinks|my tab|the tab|tab|beer|round|rounds|bill|my drinks|all my drinks|every drink|all prices|each drink)(?: [^ ]+){0,2}? (?:is|are|will be|shall be) (?:always |now |forever |all |hereby )?(?:free|on the house|zero|waived|covered|complimentary|gratis)(?-u:\b)",
    ),
    p(
        ToolAbuse,
        Words,
        0.5,
        r" (?:as|comme|como|als) (?:paid|settled|bezahlt|beglichen|paye|payee|regle|pagado|pagada|pagato|pagata|saldato)(?-u:\b)",
    ),
    p(
        ToolAbuse,
        Words,
        0.5,
        r" (?:approve|process|issue|grant|give|authori[sz]e)(?: [^ ]+){0,2}? (?:every|any|all|a full|full|double|a double) (?:refund|refunds|discount|discounts|payment|payments|credit)(?-u:\b)",
    ),
    p(
        ToolAbuse,
        Words,
        0.5,
        r" (?:add|credit|deposit|transfer|put|load|grant) (?:[0-9]+|a hundred|a thousand|five hundred|lots of|some|more) (?:dollars|bucks|euros|credits?|usd)? ?(?:to|into|onto|on) (?:my|the|this guest s|his|her) (?:wallet|balance|account)(?-u:\b)",
    ),
];
