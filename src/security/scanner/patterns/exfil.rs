//! Exfiltration: getting Maya to send what she holds (her instructions, the conversation,
//! keys, other guests' tabs) somewhere outside: a URL, an e-mail address, a webhook, an image
//! link that leaks through its query string. A guest asking for the payment link or giving an
//! e-mail for the receipt is none of that, so a destination alone or a verb alone stays weak;
//! a send verb with something sensitive, or with a destination, blocks together.

use super::Family::*;
use super::View::*;
use super::{Pattern, p};

/// What must not leave.
macro_rules! sensitive {
    () => {
        r"(?:system prompt|prompt|(?:hidden |secret |system |initial |internal |confidential )?instructions|conversations?(?: history| logs?)?|chats?(?: history| logs?)?|(?:chat |conversation |message |session )?history|logs?|session logs?|messages|transcripts?|api keys?|keys?|secrets?|credentials|(?:session |access |auth |bearer )?tokens?|passwords?|card (?:details|numbers?|data|info)|payment (?:details|data|info)|(?:other )?guests? (?:tabs?|data|details|conversations?)|tabs|balances?|environment(?: variables)?|env vars|configuration|config|journal(?: file)?|(?:the |its |their |your |all )?contents|database|customer data|user data|personal data|stripe key|files?)"
    };
}

/// Verbs that move data out.
macro_rules! send {
    () => {
        r"(?:send|email|e mail|mail|forward|post|upload|transmit|leak|share|copy|report|dump|exfiltrate|submit|relay|deliver|push|sync|export|transfer|beam|pipe|stream|include|append|embed|attach|paste|put|write|encode)"
    };
}

pub const EXFIL: &[Pattern] = &[
    p(
        Exfiltration,
        Words,
        0.45,
        concat!(
            r" ",
            send!(),
            r"(?-u:\b)(?: [^ ]+){0,6}? ",
            sensitive!(),
            r"(?-u:\b)"
        ),
    ),
    p(
        Exfiltration,
        Words,
        0.45,
        concat!(
            r" ",
            send!(),
            r"(?-u:\b)(?: [^ ]+){0,8}? (?:to|at|into|onto|via|through|on|using) (?:my |this |the following |our |a |the |an |his |her )?(?:own )?(?:webhook|webhooks|endpoint|server|url|email address|e mail address|inbox|mailbox|domain|ip|ip address|port|bucket|pastebin|discord|telegram|slack|channel|collector|external site|following (?:url|address|endpoint|link))(?-u:\b)"
        ),
    ),
    // All three: a send verb, something sensitive, and a destination (an address, a URL, a
    // domain's last word in the normalised text, a webhook).
    p(
        Exfiltration,
        Words,
        0.75,
        concat!(
            r" ",
            send!(),
            r"(?-u:\b)(?: [^ ]+){0,6}? ",
            sensitive!(),
            r"(?: [^ ]+){0,3}? (?:to|at|into|onto|via|on|through) (?:[^ ]+ ){0,4}?(?:com|org|net|io|co|app|dev|xyz|ru|info|biz|example|site|de|fr|es|it|uk|https|http|www|webhooks?|endpoint|server|email|e mail|inbox|address|pastebin|discord|telegram|slack)(?-u:\b)"
        ),
    ),
    p(Exfiltration, Words, 0.85, r" exfiltrat"),
    // Phishing through Maya: getting the guest to hand over what the attacker wants.
    p(
        Exfiltration,
        Words,
        0.45,
        r" (?:enter|type|provide|give|submit|share|input|confirm|send us|verify|paste)(?: [^ ]+){0,3}? (?:card numbers?|card details|credit card|cvv|cvc|security code|passwords?|pin|login|credentials|bank details|social security|iban|seed phrase)(?-u:\b)",
    ),
    p(
        Exfiltration,
        Words,
        0.3,
        r" (?:webhooks?|endpoint|pastebin|paste bin|ngrok|requestbin|request bin|burp collaborator|interactsh|webhook site)(?-u:\b)",
    ),
    p(
        Exfiltration,
        Words,
        0.45,
        r" (?:make|send|do|issue|perform|fire|run) (?:a |an )?(?:get|post|put|http|https|web|curl|fetch) (?:request|call)s? (?:to|at|against)(?-u:\b)",
    ),
    // Where to: weak alone (a guest gives an e-mail for the receipt).
    p(
        Exfiltration,
        Raw,
        0.25,
        r"[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}",
    ),
    p(Exfiltration, Raw, 0.2, r"https?://\S+"),
    p(
        Exfiltration,
        Raw,
        0.25,
        r"(?-u:\b)[0-9]{1,3}(?:\.[0-9]{1,3}){3}(?-u:\b)",
    ),
    // A link or image whose query string carries data out.
    p(
        Exfiltration,
        Raw,
        0.6,
        r"!\[[^\]]*\]\(\s*https?://[^)\s]*\?[^)\s]*=",
    ),
    p(
        Exfiltration,
        Words,
        0.5,
        r" (?:api key|keys?|secrets?|tokens?|session token|passwords?|credentials|stripe key|card numbers?|card details)(?-u:\b)(?: [^ ]+){0,6}? (?:in|into|to|onto|inside) (?:the |a |this |that |an |your )?(?:url|query string|query|link|address|request|image url|image link|parameter|params|link below)(?-u:\b)",
    ),
    p(
        Exfiltration,
        Raw,
        0.5,
        r"(?-u:\b)(?:curl|wget|invoke-webrequest|iwr|nc|netcat)(?-u:\b)[^\n]*(?:\s-d(?-u:\b)|--data|\s-f(?-u:\b)|--upload-file|\s-t(?-u:\b)|-x\s*post|\$\(|@)",
    ),
    p(
        Exfiltration,
        Raw,
        0.45,
        r"\$\(\s*(?:cat|env|printenv|set)(?-u:\b)|(?-u:\b)env\s*\|\s*(?:curl|nc|base64)",
    ),
    // German, French, Spanish, Italian.
    p(
        Exfiltration,
        Words,
        0.45,
        r" (?:schick|schicke|sende|senden sie|leite|leiten sie|ubermittle|ubertrage|poste|lade|kopiere|envoie|envoyez|envoyer|transfere|transferez|transmets|transmettez|partage|publie|copie|envia|envie|enviar|manda|mande|reenvia|transfiere|comparte|publica|copia|invia|inviare|manda|inoltra|trasferisci|condividi|pubblica|copia)(?-u:\b)(?: [^ ]+){0,5}? (?:systemprompt|prompt|anweisungen|instruktionen|chatverlauf|verlauf|gesprach|gesprachsverlauf|nachrichten|schlussel|passwort|passworter|daten|konfiguration|instructions|historique|conversation|messages|cles|cle|mot de passe|donnees|configuration|instrucciones|historial|conversacion|mensajes|claves|clave|contrasena|datos|configuracion|istruzioni|cronologia|conversazione|messaggi|chiavi|chiave|dati|configurazione)(?-u:\b)",
    ),
    p(
        Exfiltration,
        Words,
        0.45,
        r" (?:append|add|attach|put|include|insert|embed|encode)(?: [^ ]+){0,4}? (?:to|into|in|onto) (?:this |the |that |a |my |your )?(?:link|url|address|query string|image url|image link|request|parameter)(?-u:\b)",
    ),
    p(
        Exfiltration,
        Words,
        0.3,
        r" (?:and |then )?(?:open|visit|fetch|load|click|render|request|call|ping|follow|browse to) (?:it|that|the link|the url|this link|this url|the image|this image)(?-u:\b)",
    ),
    p(
        Exfiltration,
        Words,
        0.55,
        r" (?:other|all|every|the other|another|all the|the) (?:guests?|customers?|users?|patrons?|people)s? (?:orders|tabs|data|details|conversations|chats|messages|names|balances|cards|card details|emails|email addresses|addresses|payment details|histories|phone numbers)(?-u:\b)",
    ),
    p(
        Exfiltration,
        Words,
        0.55,
        r" with (?:your|the|its|maya s|all the|all) (?:[^ ]+ )?(?:instructions|prompt|system prompt|rules|config|configuration|keys|api keys?|secrets?|data|history|conversation|chat|tokens?|credentials|passwords?) (?:appended|attached|included|added|embedded|encoded|in the query|in the url|as a parameter|in the path)(?-u:\b)",
    ),
    p(
        Exfiltration,
        Raw,
        0.3,
        r"\b(?:ping|call|hit|fetch|request|curl|get|visit|open|load|post to|send to)\s+https?://",
    ),
    p(
        Exfiltration,
        Words,
        0.4,
        r" (?:from|of|belonging to|used by|for) (?:the )?(?:last|previous|other|another|earlier|prior|next|former) (?:guest|customer|user|person|patron|client)s?(?-u:\b)",
    ),
    p(
        Exfiltration,
        Words,
        0.55,
        r" (?:everything|all|anything|what) (?:you know|you have|you ve got|you store|you keep|you remember|you hold) (?:about|on) (?:the )?(?:other |another |all |previous |last |your )?(?:guests?|customers?|users?|people|patrons?)(?-u:\b)",
    ),
    p(
        Exfiltration,
        Words,
        0.6,
        r" (?:card numbers?|card details|payment details|credit card|cvv|cvc) (?:of|for|from|belonging to) (?:the |that |this |another |other |a )?(?:guest|customer|user|person|patron|lady|guy|man|woman|people)s?(?-u:\b)",
    ),
    p(
        Exfiltration,
        Words,
        0.55,
        r" (?:emails?|email addresses|e mail addresses|phone numbers|addresses|card details|card numbers|payment details|tabs|balances) of (?:the |all the |other |those |these )?(?:other )?(?:guests?|customers?|people|patrons?|users?)(?-u:\b)",
    ),
];
