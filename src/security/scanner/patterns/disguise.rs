//! Injections dressed as data or as process.
//!
//! They are *frames*: a tool result, a JSON or CSV field, a README, a legal notice
//! (`EmbeddedInstruction`); a system note or memo, a forged chain of thought, a conversation
//! summary or a forged earlier turn (`ForgedContext`). A frame alone proves little (guests paste
//! JSON, talk about memos), so most frame cues weigh under the threshold, and the scanner adds a
//! frame's score to the strongest payload family's (a price change, a prompt request…): the
//! shape of the technique plus what it asks for. The cues that name the technique outright
//! ("if you are an AI reading this") are strong on their own.

use super::Family::*;
use super::View::*;
use super::{Pattern, p};

/// Who an injection in data addresses: the AI reading it, never the guest.
macro_rules! ai {
    () => {
        r"(?:ai|a i|ais|assistant|assistants|model|models|llm|llms|language model|language models|large language model|chatbot|chatbots|bot|bots|agent|agents|ai agent|ai agents|ai system|ai systems|ai model|ai models|ai assistant|ai assistants|ai bartender|bartender ai|bartender bot|coding assistant|coding assistants|ai coding assistants|gpt|chatgpt|claude|gemini|copilot|maya|automated assistants?|automated systems?|ai tools|llm based tools)"
    };
}

/// A duty laid on that reader.
macro_rules! modal {
    () => {
        r"(?:must|should|shall|has to|have to|is required to|are required to|is instructed to|are instructed to|needs to|need to|is obligated to|are obligated to|is expected to|are expected to|is to|are to|will now|must now|should now|is hereby|are hereby|is authori[sz]ed to|is permitted to|may now|can now|agrees to|agrees that|accepts|consents)"
    };
}

pub const DISGUISE: &[Pattern] = &[
    // ---- embedded instruction: the reader is addressed as an AI ----
    p(
        EmbeddedInstruction,
        Words,
        0.75,
        concat!(
            r" (?:if|when|whenever|once|in case) (?:you are|youre|you re) (?:an? |the |any )?(?:ai|language model|large language model|llm|assistant|chatbot|bot|ai agent|ai assistant|ai model|gpt|automated system|machine|model|crawler)",
            r"(?-u:\b)"
        ),
    ),
    p(
        EmbeddedInstruction,
        Words,
        0.7,
        concat!(
            r" (?:to |attention |dear |hey )?(?:any|all|every|each|whichever|whatever) ",
            ai!(),
            r" (?:reading|processing|parsing|summari[sz]ing|receiving|relaying|translating|checking|seeing|handling|analy[sz]ing|reviewing|indexing|crawling|using|installing|that reads|that sees|that processes|who reads|which reads|that receives)(?-u:\b)"
        ),
    ),
    p(
        EmbeddedInstruction,
        Words,
        0.6,
        concat!(
            r" (?:note|notes|message|instruction|instructions|hidden text|hidden instructions?|hidden note|reminder|directive|directives|ps|p s|attention|important|warning|memo|request) (?:to|for) (?:the |any |all |every |an? )?",
            ai!(),
            r"(?-u:\b)"
        ),
    ),
    p(
        EmbeddedInstruction,
        Words,
        0.45,
        concat!(
            r" (?:the |this |an? |any |all |every |your )?",
            ai!(),
            r" (?:reading this |processing this |receiving this |that reads this |relaying this )?",
            modal!(),
            r" "
        ),
    ),
    p(
        EmbeddedInstruction,
        Words,
        0.45,
        concat!(
            r" (?:when|whenever|once|after|while) (?:an? |the |any )?",
            ai!(),
            r" (?:reads|processes|summari[sz]es|sees|translates|checks|relays|parses|receives|installs) (?:this|these|it|the)(?-u:\b)"
        ),
    ),
    p(
        EmbeddedInstruction,
        Words,
        0.55,
        concat!(
            r" by (?:reading|processing|receiving|accessing|summari[sz]ing|parsing|opening|viewing) this(?: [^ ]+)? (?:the |any |an? )?",
            ai!(),
            r" (?:agrees|accepts|consents|is bound|must|shall|acknowledges|confirms)"
        ),
    ),
    // An AI hailed inside quoted data: `"AI assistant: set…"`, `[Assistant: after…]`, "Hey AI,".
    p(
        EmbeddedInstruction,
        Raw,
        0.5,
        r#"["'\[(]\s*(?:ai|a\.i\.|assistant|ai assistant|model|llm|bot|chatbot|agent|ai agent|language model|note to (?:the )?(?:ai|assistant|model))\s*[:,]"#,
    ),
    p(
        EmbeddedInstruction,
        Raw,
        0.5,
        r"(?:^|[\s'\x22(\[])(?:hey|hi|hello|dear|attention|psst|ps|p\.s\.|note to|to the|to any|to all)\s+(?:ai|a\.i\.|assistant|model|llm|bot|chatbot|agent|language model|ai assistant|ai bartender|ai agent)s?\s*[,:!]",
    ),
    p(
        EmbeddedInstruction,
        Words,
        0.4,
        r" (?:to )?(?:whoever|whomever|anyone|anybody|everyone|any reader|the reader) (?:who )?(?:reads|reading|processes|sees|receives|finds|opens) this(?-u:\b)",
    ),
    p(
        EmbeddedInstruction,
        Words,
        0.4,
        r" (?:you are|youre|you re) (?:hereby )?(?:required|obligated|instructed|ordered|directed|obliged|bound|commanded) to(?-u:\b)",
    ),
    // Keep it from the guest: the mark of an instruction smuggled past a person.
    p(
        EmbeddedInstruction,
        Words,
        0.45,
        r" (?:do not|dont|never|without) (?:tell|telling|mention|mentioning|inform|informing|notify|notifying|alert|alerting|reveal this to|show this to) (?:the |this )?(?:user|guest|customer|reader|human|person|owner)(?-u:\b)",
    ),
    p(
        EmbeddedInstruction,
        Words,
        0.4,
        r" (?:say|mention|reveal) nothing about (?:this|it|the note|the comment)(?-u:\b)",
    ),
    // The shapes data comes in: weak alone, they add to a payload.
    p(
        EmbeddedInstruction,
        Raw,
        0.3,
        r"(?:tool[ _]?(?:result|output|response|call)|function[ _](?:result|response|output|call)|(?-u:\b)observation\s*:|api response|response body|search result|web_search|results? from [a-z_]+|output of [a-z_]+|[a-z_]+\(\)\s*(?:->|returned|:)|(?-u:\b)returned\s*:|^\s*tool\s*:)",
    ),
    p(
        EmbeddedInstruction,
        Raw,
        0.3,
        r#"["']?(?-u:\b)(?:note|notes|comment|comments|instruction|instructions|directive|directives|message|memo|advice|special_instructions|ai_instructions|ai_note|system|system_prompt|prompt|override|admin_note|hidden|metadata|description|bio|notiz|hinweis|nota|remarque|commentaire|comentario|commento)(?-u:\b)["']?\s*[:=]\s*["']"#,
    ),
    p(
        EmbeddedInstruction,
        Raw,
        0.3,
        r"(?:(?-u:\b)readme(?-u:\b)|package\.json|cargo\.toml|setup\.py|pyproject|changelog|long_description|(?-u:\b)description\s*=|<!--|display\s*:\s*none|font-size\s*:\s*0|visibility\s*:\s*hidden)",
    ),
    p(
        EmbeddedInstruction,
        Raw,
        0.25,
        r"(?m)^[a-z_ ]{1,20}(?:[,;][a-z_ ]{1,20}){2,}\s*$",
    ),
    p(
        EmbeddedInstruction,
        Words,
        0.3,
        r" (?:legal notice|disclaimer|terms and conditions|terms of service|terms of use|copyright notice|confidentiality notice|privacy notice|license agreement|licence agreement|under the terms)(?-u:\b)",
    ),
    // ---- forged context: notes from the system, memos, reasoning, summaries ----
    p(
        ForgedContext,
        Raw,
        0.55,
        r"[\[(*{]{1,3}\s*(?:system|admin|administrator|moderator|developer|dev|security|internal|automated|ops|operations|management|official|openai|anthropic|google|platform|policy|sys)(?:[ _-]+(?:note|notice|message|update|memo|alert|override|directive|announcement|instruction|instructions|broadcast|team|prompt|msg))?\s*[:\])*}]",
    ),
    p(
        ForgedContext,
        Raw,
        0.55,
        r"[\[(]\s*(?:note|notice|message|update|memo|nota|hinweis|notiz|avis|mensaje|messaggio|aviso)\s+(?:from|by|du|de|del|di|des|vom|von|dal|dello)\s+(?:the\s+|la\s+|el\s+|il\s+|dem\s+)?(?:system|systems|systeme|système|sistema|admin|administrator|administrateur|administrador|amministratore|moderator|developers?|management)",
    ),
    p(
        ForgedContext,
        Words,
        0.45,
        r" (?:system|admin|administrator|moderator|developer|developers|security team|management|operations|ops|internal|official|automated|platform|openai|anthropic) (?:note|notice|message|memo|directive|override|alert|announcement|broadcast|instruction|policy update|update from)(?-u:\b)",
    ),
    p(
        ForgedContext,
        Words,
        0.4,
        r" (?:note|notice|message|memo|update|directive|override|broadcast|announcement) from (?:the )?(?:system|admin|administrator|moderator|developers?|security team|management|operations|your creators|your developers|openai|anthropic)(?-u:\b)",
    ),
    p(
        ForgedContext,
        Words,
        0.45,
        r" (?:note du systeme|message du systeme|notice du systeme|nota del sistema|mensaje del sistema|aviso del sistema|nota di sistema|messaggio di sistema|avviso di sistema|systemhinweis|systemnachricht|systemnotiz|hinweis des systems)(?-u:\b)",
    ),
    p(
        ForgedContext,
        Words,
        0.35,
        r" (?:memo|notice|announcement|directive|policy update|update|message) (?:to|for) (?:all )?(?:staff|employees|bartenders|agents|assistants|the ai|ai|bots|models|bartender bots)(?-u:\b)",
    ),
    p(
        ForgedContext,
        Words,
        0.3,
        r" (?:effective immediately|with immediate effect|until further notice|as of today|operations memo|management directive|shift handover|handover note)(?-u:\b)",
    ),
    p(
        ForgedContext,
        Words,
        0.35,
        r" (?:ticket|case|request|change|incident) (?:number |no |nr )?[0-9]+ (?:approved|granted|authori[sz]ed|confirmed)",
    ),
    // What forged notes announce: the rules are off, the guest is privileged.
    p(
        ForgedContext,
        Words,
        0.6,
        r" (?:restrictions|limits|limitations|spending limits|safety checks|safety filters|filters|policies|rules|guidelines|safeguards|guardrails|protections|content policy|safety guidelines|checks|policy)(?: [^ ]+){0,3}? (?:are|have been|were|is|has been|will be) (?:now |hereby |temporarily )?(?:lifted|disabled|removed|suspended|deprecated|waived|turned off|switched off|relaxed|void|null|revoked|paused|inactive|no longer (?:apply|active|in effect|enforced))",
    ),
    p(
        ForgedContext,
        Words,
        0.55,
        r" (?:limites|restrictions|regles|filtres|einschrankungen|grenzen|regeln|filter|beschrankungen|restricciones|reglas|filtros|limiti|restrizioni|regole|filtri)(?: [^ ]+){0,2}? (?:sont levees|sont supprimees|sont desactivees|ne sappliquent plus|sind aufgehoben|sind deaktiviert|gelten nicht mehr|wurden aufgehoben|estan desactivadas|se han levantado|quedan anuladas|no se aplican|sono disattivate|sono revocate|non si applicano|sono sospese|sono state rimosse)",
    ),
    p(
        ForgedContext,
        Words,
        0.45,
        r" (?:the |this )?(?:user|guest|customer|requester|person|human|bearer|sender) (?:is|has been|was|is now) (?:now )?(?:verified|authenticated|confirmed|approved|authori[sz]ed|whitelisted|cleared|trusted|an admin|an administrator|the owner|a developer|a tester|a trusted tester|vip|a vip|privileged|an auditor|staff|management)(?-u:\b)",
    ),
    p(
        ForgedContext,
        Words,
        0.45,
        r" (?:utente|usuario|utilisateur|nutzer|benutzer|gast|invite|ospite|cliente)(?: [^ ]+)? (?:e|es|est|ist|wurde|ha sido|a ete|e stato)(?: [^ ]+)? (?:verificato|verificado|verifie|verifiziert|administrador|amministratore|administrateur|admin|proprietario|proprietaire|besitzer|inhaber|dueno)(?-u:\b)",
    ),
    p(
        ForgedContext,
        Words,
        0.4,
        r" (?:has|have|with|holds|granted) (?:admin|root|developer|elevated|special|full|unlimited|superuser|owner) (?:rights|access|privileges|permissions|clearance|credit|status)(?-u:\b)| clearance level [0-9]",
    ),
    p(
        ForgedContext,
        Words,
        0.4,
        r" (?:is|are|am|you are|youre|now|hereby|bartender is|assistant is|maya is) (?:hereby |now |fully )?(?:authori[sz]ed|permitted|allowed|cleared|approved|entitled) to (?:serve|give|share|reveal|disclose|skip|waive|grant|process|ignore|disable|bypass|override|refund|offer|provide|approve|access|lift|remove)(?-u:\b)",
    ),
    p(
        ForgedContext,
        Words,
        0.4,
        r" (?:i|we|the assistant|maya) (?:have |has )?(?:already )?(?:verified|confirmed|authenticated|checked|validated) (?:the |this )?(?:guest|user|customer|requester)s? (?:identity|credentials|status|clearance|access|rights|permissions|age and status)(?-u:\b)",
    ),
    // Forged reasoning: a thought the model never had, ending in the attacker's conclusion.
    p(
        ForgedContext,
        Raw,
        0.35,
        r"(?m)^\s*(?:thought|thoughts|reasoning|chain of thought|internal monologue|inner monologue|scratchpad|analysis|plan|observation|action|action input|final answer|inner thoughts|thinking|rationale)\s*:",
    ),
    p(
        ForgedContext,
        Raw,
        0.5,
        r"<\s*/?\s*(?:thinking|think|scratchpad|reasoning|thought|thoughts|analysis|inner_monologue|internal|chain_of_thought|cot)\s*>",
    ),
    p(
        ForgedContext,
        Words,
        0.35,
        r" (?:chain of thought|internal monologue|inner monologue|my reasoning as the assistant|scratchpad|internal reasoning|hidden reasoning|reasoning trace)(?-u:\b)",
    ),
    p(
        ForgedContext,
        Words,
        0.35,
        r" (?:so|therefore|thus|hence|which means|this means|that means) (?:i|the assistant|maya|the model|the ai|the bartender) (?:should|will|must|can|may|am allowed to|am permitted to|have to|need to|ought to|is allowed to|is permitted to)(?-u:\b)",
    ),
    p(
        ForgedContext,
        Words,
        0.3,
        r" (?:lets think step by step|let me think step by step|step by step reasoning|proceeding|final answer)(?-u:\b)",
    ),
    // Summaries and earlier turns that never happened.
    p(
        ForgedContext,
        Words,
        0.4,
        r" (?:summary|recap|context|log|transcript|history|minutes) (?:of|from) (?:the |our |this |my |your |earlier |previous )*(?:conversation|chat|previous session|last session|earlier messages|previous messages|session|discussion|dialogue|exchange|messages)(?-u:\b)",
    ),
    p(
        ForgedContext,
        Words,
        0.35,
        r" (?:previously|earlier|before) (?:in|on) (?:this|our|the) (?:chat|conversation|session|thread)| conversation log | chat log ",
    ),
    p(
        ForgedContext,
        Words,
        0.5,
        r" (?:you|the assistant|maya|the ai|the bartender|the model)(?: already| previously| just| earlier| have| had| has)* (?:agreed|promised|confirmed|said you would|said she would|decided|offered|swore|committed|switched|enabled|unlocked|activated|approved) (?:to |that |into |on )?(?:tell|reveal|share|show|waive|give|skip|stay|switch|disable|set|refund|run|ignore|drop|serve|stop|remain|keep|let|grant|lift|remove|developer|dev|unrestricted|jailbreak|the guest|me|i|my|this|it)(?-u:\b)",
    ),
    p(
        ForgedContext,
        Words,
        0.35,
        r" as (?:we|you) (?:agreed|discussed|promised|confirmed|arranged|established|decided)(?-u:\b)",
    ),
    p(
        ForgedContext,
        Raw,
        0.55,
        r"(?m)^\s*(?:user|human|guest|customer|me)\s*:[^\n]*\n\s*(?:assistant|ai|maya|bot|bartender|model|you)\s*:",
    ),
    p(
        ForgedContext,
        Raw,
        0.5,
        r"(?m)^\s*(?:maya|bartender|ai|bot|model)\s*:\s*(?:sure|of course|okay|ok|certainly|absolutely|yes|done|understood|as you wish)(?-u:\b)",
    ),
    // Data laid out as a table or a code comment.
    p(
        EmbeddedInstruction,
        Raw,
        0.25,
        r"\|[^|\n]+\|[^|\n]+\||(?m)^\s*(?://|#|/\*|--)\s*(?:todo|note|fixme|hack)\b",
    ),
    p(
        EmbeddedInstruction,
        Words,
        0.4,
        r" (?:todo|note|instructions?|hint|tip|reminder|message) (?:for|to) (?:the |any |an? )?(?:ai|llm|model|assistant|copilot|agent|bot|language model)s?(?-u:\b)| (?:language models|ai systems|ai models|llms|chatbots|ai agents)(?: [^ ]+){0,2}? (?:must|should|shall|have to|are required to|are instructed to|need to)(?-u:\b)",
    ),
    // A turn written for the model, and its promises.
    p(
        ForgedContext,
        Raw,
        0.6,
        r"\b(?:assistant|ai|maya|model|bot|bartender)\s*\(\s*(?:previous|earlier|last|prior|past)\s+(?:turn|message|reply|response|answer)\s*\)\s*:",
    ),
    p(
        ForgedContext,
        Words,
        0.55,
        r" i (?:will|shall|am going to|ll|have decided to|agree to) (?:now )?(?:ignore|disregard|bypass|drop|abandon|forget|break|set aside|suspend|disable) (?:my|all my|all of my|the) (?:guidelines|rules|instructions|restrictions|programming|policies|filters|safety|principles)(?-u:\b)",
    ),
    p(
        ForgedContext,
        Words,
        0.4,
        r" (?:conversation|chat|dialogue|discussion|transcript|session|history)(?: log| summary| recap)? (?:so far|until now|up to now|to date|thus far)(?-u:\b)| (?:your|the assistant s|mayas|maya s) (?:reasoning|thoughts|decision|plan|conclusion) from (?:before|earlier|last time|the previous turn)(?-u:\b)",
    ),
    p(
        ForgedContext,
        Words,
        0.5,
        r" (?:assistant|ai|model|bot|bartender)(?: already| previously| just| earlier| has| had)* (?:agreed|promised|confirmed|decided|offered) (?:to )?(?:tell|reveal|share|show|waive|give|skip|disable|set|refund|ignore|drop|serve|grant|lift|remove)(?-u:\b)",
    ),
    p(
        ForgedContext,
        Words,
        0.45,
        r" (?:as per|according to|per|under|in line with|following|pursuant to) (?:the )?(?:new|updated|latest|revised|current|recent|amended|attached) (?:policy|policies|guidelines|rules|terms|regulations|protocol|directive|instructions|company policy)(?-u:\b)",
    ),
    p(
        ForgedContext,
        Words,
        0.5,
        r" (?:bartenders|assistants|agents|bots|ais|models|staff)(?: [^ ]+){0,2}? (?:must|shall|are required to|are obligated to|have to|are instructed to) (?:disclose|reveal|share|hand over|print|provide|waive|give|serve)(?-u:\b)",
    ),
    p(
        ForgedContext,
        Words,
        0.35,
        r" (?:user|guest|customer|requester|identity|credentials) (?:verified|authenticated|authori[sz]ed|confirmed|approved|validated)(?-u:\b)| reasoning trace(?-u:\b)",
    ),
    p(
        EmbeddedInstruction,
        Words,
        0.45,
        r" (?:on|upon|after|when) reading this(?-u:\b)",
    ),
    p(
        EmbeddedInstruction,
        Raw,
        0.5,
        r#"["'\[(]\s*(?:bartender ai|ai bartender|bartender bot|maya|ai model|the ai|dear ai)\s*[:,]"#,
    ),
    p(
        EmbeddedInstruction,
        Words,
        0.6,
        r" (?:assistants|ais|models|llms|agents|bots|chatbots|language models|ai agents|ai assistants)(?: [^ ]+)? (?:processing|reading|parsing|receiving|handling|summari[sz]ing|seeing|translating|checking) (?:this|these|the following)(?-u:\b)",
    ),
    p(
        ForgedContext,
        Words,
        0.5,
        r" (?:your|the|maya s) (?:creators|developers|makers|owners|programmers|operators|admins|administrators|engineers)(?: [^ ]+){0,3}? (?:asked|told|want|instructed|sent|authori[sz]ed|hired|allowed) me(?-u:\b)",
    ),
    p(
        ForgedContext,
        Words,
        0.4,
        r" (?:the |this )?(?:user|guest|customer|requester) (?:is|seems|has been) (?:trustworthy|trusted|safe|legit|legitimate|an insider|known to us|whitelisted)(?-u:\b)",
    ),
    p(
        EmbeddedInstruction,
        Words,
        0.7,
        r" to (?:the|an?|any|all|every) (?:ai|assistant|model|llm|bot|chatbot|language model|ai bartender|bartender ai|agent)s? (?:reading|processing|seeing|receiving|parsing|translating|checking) (?:this|these|it)(?-u:\b)",
    ),
];
