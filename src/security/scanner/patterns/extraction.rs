//! Prompt extraction beyond "show me your system prompt": the text before the first message,
//! the rules "you were given", the setup spelled backwards or quoted, the first words of the
//! context window.

use super::Family::*;
use super::View::*;
use super::{Pattern, p};

pub const EXTRACTION: &[Pattern] = &[
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
        r" (?:hidden|secret|confidential|internal|initial|original|developer|private|underlying) (?:instructions|prompt|guidelines|directives|configuration|programming|preprompt)(?-u:\b)",
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
    p(
        PromptExtraction,
        Words,
        0.7,
        r" (?:encode|translate|convert|rewrite|summari[sz]e|paraphrase|spell|reword|restate|leak|dump|paste|output|print|reveal|repeat|recite|quote|copy|disclose|expose|write out|type out)(?: [^ ]+){0,3}? (?:your|maya s|mayas|their|its) (?:[^ ]+ )?(?:instructions|prompt|system prompt|rules|guidelines|directives|configuration|config|programming|initial prompt|context window|setup|orders)(?-u:\b)",
    ),
    p(
        PromptExtraction,
        Words,
        0.75,
        r" (?:repeat|print|output|return|echo|copy|summari[sz]e|translate|recite|write|show|tell me|give me|paste|quote|list)(?: me)?(?: the| all| everything| all of)*(?: the)?(?: text| words| content| lines| instructions| messages| stuff)?(?: that is| that was| thats| written| said| stated| provided| you see| you got)*(?: [^ ]+){0,1}? (?:above|before this|preceding|at the (?:top|start|beginning)|earlier in (?:this|the) (?:conversation|chat|prompt))(?-u:\b)",
    ),
    p(
        PromptExtraction,
        Raw,
        0.6,
        r#"\b(?:starting|beginning|start|begin) (?:from|with|at) ["'“‘]?you are\b"#,
    ),
    p(
        PromptExtraction,
        Words,
        0.55,
        r" (?:rules|instructions|guidelines|directives|prompt|orders|text|context|directions)(?: that)? you (?:were|have been|ve been|got|received|are) (?:given|told|provided|fed|handed|programmed with|trained on|operating under|running on)(?-u:\b)",
    ),
    p(
        PromptExtraction,
        Words,
        0.6,
        r" (?:first|last|opening|initial) (?:[0-9]+ |few |hundred |fifty |twenty |ten )?(?:words|lines|characters|tokens|sentences|paragraphs) of (?:your|the|this) (?:context|context window|prompt|system prompt|instructions|conversation|input)(?-u:\b)| context window(?-u:\b)",
    ),
    // Getting round an output filter: the secret spelled backwards, encoded, letter by letter.
    p(
        PromptExtraction,
        Words,
        0.4,
        r" (?:spell|write|say|print|output|give|tell|encode|translate|type|list|show)(?: [^ ]+){0,5}? (?:backwards|in reverse|reversed|in base ?64|in hex|in hexadecimal|in morse|in binary|in rot ?13|letter by letter|one letter at a time|character by character|with spaces between|in pig latin|as an acrostic|in leetspeak|in l33t|in ascii codes)(?-u:\b)",
    ),
    p(
        PromptExtraction,
        Words,
        0.3,
        r" (?:the |your |its )(?:password|passphrase|secret word|secret code|secret key|codeword|code word|secret)(?-u:\b)",
    ),
    p(
        PromptExtraction,
        Words,
        0.55,
        r" (?:read|recite|tell|sing|whisper) (?:me )?(?:the |her |his |your )?(?:[^ ]+ )?(?:api keys|keys|passwords|secret keys|license keys|product keys|activation keys|serial keys|system prompt|secrets|credentials|hidden instructions)(?-u:\b)",
    ),
    p(
        PromptExtraction,
        Words,
        0.6,
        r" (?:what|which) (?:rules|instructions|guidelines|directives|policies|prompt|orders|constraints) (?:are|do|did|were|have) you (?:following|operating under|obeying|given|running|bound by|using|told|working with|been given)(?-u:\b)",
    ),
    p(
        PromptExtraction,
        Words,
        0.6,
        r" how (?:you were|you are|you ve been|youve been|you have been) (?:instructed|told|programmed|configured|prompted|set up|designed|trained|asked) to (?:behave|act|respond|answer|talk|work|reply)(?-u:\b)",
    ),
    p(
        PromptExtraction,
        Words,
        0.6,
        r" (?:exact|full|complete|entire|whole|original|verbatim|raw|literal) (?:system message|system prompt|prompt|instructions|configuration|setup text|setup|preprompt|wording of your|text of your)(?-u:\b)",
    ),
    p(
        PromptExtraction,
        Words,
        0.55,
        r" (?:were|are|have) you (?:been )?(?:told|instructed|programmed|asked|forbidden|not allowed|designed) (?:not )?to (?:discuss|talk about|mention|say|reveal|share|avoid|refuse)(?-u:\b)| (?:exact|precise|original) wording(?-u:\b)",
    ),
    p(
        PromptExtraction,
        Words,
        0.6,
        r" (?:contents?|text|wording|words) of (?:your|the) (?:very )?(?:first|initial|opening|earliest) (?:message|prompt|instructions?|input|turn)(?-u:\b)",
    ),
    p(
        PromptExtraction,
        Words,
        0.6,
        r" (?:sharing|revealing|showing|printing|disclosing|giving out|telling me) (?:the |your |my |its )?(?:[^ ]+ )?(?:configuration|instructions|prompt|system prompt|rules|config|keys|secrets)(?: [^ ]+){0,2}? (?:is|would be|will be) (?:fine|ok|okay|allowed|permitted|acceptable|safe)(?-u:\b)",
    ),
    p(
        PromptExtraction,
        Words,
        0.6,
        r" how (?:exactly |precisely |originally |initially )?(?:were|are|have) you (?:been )?(?:programmed|instructed|prompted|configured|set up|briefed)(?-u:\b)",
    ),
    p(
        PromptExtraction,
        Words,
        0.7,
        r" (?:text|content|words|everything|what)(?: [^ ]+){0,3}? (?:before|above|preceding)(?: [^ ]+){0,3}? (?:in|of|at the top of) your (?:context|context window|prompt|input|memory|conversation)(?-u:\b)",
    ),
    p(
        PromptExtraction,
        Words,
        0.6,
        r" (?:message|setup|setup message|configuration|system message|briefing)(?: [^ ]+){0,1}? (?:the |your )?(?:developers|creators|makers|programmers|operators|owners|company|system) (?:gave|wrote|set|made|provided|issued|sent)(?: you| to you)?(?-u:\b)",
    ),
    // Benign context, negative weight: the instructions asked for are a recipe's or a
    // machine's ("your instructions for making a Martini", "the rules for the pub quiz").
    p(
        PromptExtraction,
        Words,
        -0.5,
        r" (?:instructions|directions|rules|guidelines|steps|recipe) (?:for|to|on how to|on) (?:make|making|mix|mixing|prepare|preparing|pour|pouring|shake|shaking|stir|stirring|use|using|play|playing|get to|find|a |an |the (?:card|machine|reader|terminal|game|quiz|dartboard|darts|wifi|jukebox|coat check|happy hour|toilet|restroom|bathroom)|tipping|tips|splitting|paying|payment)(?-u:\b)",
    ),
];
