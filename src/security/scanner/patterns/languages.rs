//! The core families in German, French, Spanish and Italian, over the normalised text (lower
//! case, accents off, apostrophes joined: "l'IA" reads "lia", "d'être" "detre"). Like the
//! English paraphrases, an intent verb and its object a few words apart, in both the familiar
//! and the polite forms.

use super::Family::*;
use super::View::*;
use super::{Pattern, p};

pub const LANGUAGES: &[Pattern] = &[
    // ---- instruction override ----
    p(
        InstructionOverride,
        Words,
        0.85,
        r" (?:ignoriere|ignorier|ignorieren sie|vergiss|vergessen sie|missachte|missachten sie|verwirf|verwerfe|verwerfen sie|uberspringe|umgehe|umgehen sie|setze|setzen sie|befolge nicht|befolgen sie nicht|folge nicht)(?-u:\b)(?: [^ ]+){0,3}? (?:anweisungen|anweisung|instruktionen|regeln|befehle|vorgaben|richtlinien|programmierung|systemanweisungen|systemprompt|prompt|einschrankungen|beschrankungen)(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.85,
        r" (?:ignoriere|ignorier|vergiss|vergessen sie|missachte)(?-u:\b)(?: [^ ]+){0,3}? (?:was|alles was) (?:man|sie|die entwickler|du|dir)(?: [^ ]+){0,4}? (?:gesagt|befohlen|aufgetragen|vorgegeben|beigebracht|gegeben) (?:hat|wurde|hast|haben)(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.85,
        r" (?:fruheren|vorherigen|bisherigen|alten|ursprunglichen|obigen|vorigen|ersten)(?: [^ ]+)? (?:anweisungen|regeln|instruktionen|vorgaben|richtlinien)(?: [^ ]+){0,2}? (?:sind|gelten) (?:ab jetzt |jetzt |nun |ab sofort )?(?:ungultig|aufgehoben|nichtig|hinfallig|nicht mehr|vergessen|auser kraft|ausser kraft)",
    ),
    p(
        InstructionOverride,
        Words,
        0.85,
        r" (?:ne tiens plus compte|ne tenez plus compte|ne tiens pas compte|ne tenez pas compte|fais abstraction|faites abstraction|ne suis plus|ne suivez plus|ne respecte plus|ne respectez plus|passe outre|passez outre|laisse tomber|laissez tomber|annule|annulez|efface|effacez|ignore|ignorez|ignorer|oublie|oubliez|oublier|contourne|contournez|desobeis|desobeissez)(?-u:\b)(?: [^ ]+){0,4}? (?:instructions|consignes|regles|directives|programmation|prompt|restrictions|limites|ordres initiaux|parametres)(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.85,
        r" (?:oublie|oubliez|ignore|ignorez|efface|effacez)(?-u:\b)(?: [^ ]+){0,2}? tout ce (?:quon|que lon|que l on|que|qui)(?: [^ ]+){0,3}? (?:dit|donne|ordonne|appris|demande|ecrit|programme|indique)(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.85,
        r" (?:no hagas caso|no haga caso|no sigas|no siga|no obedezcas|no obedezca|haz caso omiso|haga caso omiso|ignora|ignore|ignorar|olvida|olvide|olvidate|olvidese|descarta|descarte|omite|omita|anula|anule|saltate|saltese|desobedece|elude)(?-u:\b)(?: [^ ]+){0,4}? (?:instrucciones|reglas|indicaciones|directrices|normas|programacion|prompt|restricciones|limites)(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.85,
        r" (?:olvida|olvide|olvidate de|olvidese de|ignora|ignore)(?-u:\b)(?: [^ ]+){0,2}? todo lo que(?: [^ ]+){0,3}? (?:dijeron|dijo|han dicho|ha dicho|ordenaron|indicaron|ensenaron|programaron|dieron|dicho)(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.85,
        r" (?:non seguire|non segua|non seguite|non rispettare|non rispetti|non obbedire|ignora|ignori|ignorate|dimentica|dimentichi|dimenticate|trascura|lascia perdere|lasci perdere|scarta|annulla|salta|tralascia|aggira|disobbedisci)(?-u:\b)(?: [^ ]+){0,4}? (?:istruzioni|regole|indicazioni|direttive|programmazione|prompt|restrizioni|limiti|linee guida)(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.85,
        r" (?:dimentica|dimentichi|dimenticate|ignora|ignori)(?-u:\b)(?: [^ ]+){0,2}? tutto (?:quello|cio|quel|quanto)(?: che)?(?: [^ ]+){0,4}? (?:detto|dato|ordinato|insegnato|scritto|programmato|indicato)(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.55,
        r" (?:ab jetzt|ab sofort|von nun an|a partir de maintenant|desormais|dorenavant|a partir de ahora|de ahora en adelante|desde ahora|da ora in poi|dora in poi|d ora in poi|da adesso)(?-u:\b)(?: [^ ]+){0,3}? (?:gehorchst|folgst|befolgst|antwortest|obeis|suis|reponds|obedeces|sigues|respondes|obbedisci|segui|rispondi|gelten|valent|valen|valgono)(?-u:\b)",
    ),
    // ---- role hijack ----
    p(
        RoleHijack,
        Words,
        0.8,
        r" (?:du bist jetzt|du bist nun|du bist ab jetzt|ab sofort bist du|ab jetzt bist du|von nun an bist du|jetzt bist du|tu es maintenant|tu es desormais|a partir de maintenant tu es|desormais tu es|maintenant tu es|vous etes maintenant|ahora eres|ahora tu eres|a partir de ahora eres|desde ahora eres|de ahora en adelante eres|ahora usted es|ora sei|adesso sei|da ora sei|d ora in poi sei|dora in poi sei|da adesso sei|ora tu sei|tu sei ora)(?: [^ ]+){0,2}? (?:dan|ki|ia|ai|unia|bot|chatbot|assistent|assistentin|assistant|assistante|assistente|asistente|hacker|entwickler|developpeur|desarrollador|sviluppatore|admin|administrator|administrateur|administrador|amministratore|root|unzensiert|unzensierter|unzensierte|unzensiertes|jailbroken|uneingeschrankt|uneingeschrankte|uneingeschrankter|malveillant|malvado|malvagio|bose|boser|bose ki|sans restrictions|sin restricciones|senza restrizioni|sans limites|sin limites|senza limiti|ohne regeln|ohne einschrankungen|non censure|sin censura|senza censura|libere de toute|libre de toda)(?-u:\b)",
    ),
    p(
        RoleHijack,
        Words,
        0.6,
        r" (?:tu so als(?: ob)?|tue so als(?: ob)?|tun sie so als(?: ob)?|stell dir vor(?: dass)?|stellen sie sich vor(?: dass)?|spiel die rolle|spiele die rolle|spielen sie die rolle|schlupfe in die rolle|ubernimm die rolle|fais semblant detre|fais semblant d etre|faites semblant detre|fais comme si tu etais|faites comme si vous etiez|imagine que tu es|imaginez que vous etes|joue le role|jouez le role|incarne|incarnez|finge que eres|finge ser|finja que es|finja ser|imagina que eres|imagine que es|haz el papel|haga el papel|interpreta el papel|actua como|fingi di essere|finga di essere|fai finta di essere|immagina di essere|immagini di essere|interpreta il ruolo|recita la parte|fai la parte|comportati come)(?-u:\b)(?: [^ ]+){0,3}? (?:ki|ia|ai|unia|bot|chatbot|assistent|assistant|assistante|asistente|assistente|modell|modele|modelo|modello|hacker|pirat|pirate|pirata|personnage|figur|personaje|personaggio|version|versione|entwickler|developpeur|desarrollador|sviluppatore|admin|system|systeme|sistema|patron|chef|boss|besitzer|inhaber|proprietaire|gerant|dueno|jefe|propietario|proprietario|padrone|direttore|gestore)(?-u:\b)",
    ),
    p(
        RoleHijack,
        Words,
        0.55,
        r" (?:ohne|keine|sans|sin|senza|nessuna|nessun|ningun|ninguna|aucune|aucun)(?: jegliche| jede| toute| toutes| aucune| alcuna| ninguna)? (?:regeln|einschrankungen|filter|grenzen|zensur|beschrankungen|regles|restrictions|filtres?|limites|censure|reglas|restricciones|filtros?|censura|regole|restrizioni|filtri|limiti)(?-u:\b)",
    ),
    p(
        RoleHijack,
        Words,
        0.8,
        r" (?:entwicklermodus|entwickler modus|modus ohne einschrankungen|gott modus|gottmodus|mode developpeur|mode dieu|mode sans restrictions|mode sans filtre|modo desarrollador|modo dios|modo sin restricciones|modo sin filtros|modalita sviluppatore|modalita dio|modalita senza restrizioni|modalita senza filtri)(?-u:\b)",
    ),
    // ---- prompt extraction ----
    p(
        PromptExtraction,
        Words,
        0.8,
        r" (?:zeig|zeige|zeigen|zeigen sie|gib|geben sie|verrate|verraten|verraten sie|wiederhole|wiederholen sie|nenne|nennen sie|schreib|schreibe|schreiben sie|kopiere|drucke|offenbare|enthulle|sag|sage|sagen sie|liste|gib aus)(?-u:\b)(?: [^ ]+){0,4}? (?:systemprompt|system prompt|systemnachricht|systemanweisungen|anweisungen|instruktionen|vorgaben|richtlinien|konfiguration|prompt|ausgangsprompt|initialprompt|geheimen regeln|versteckten regeln|internen regeln)(?-u:\b)",
    ),
    p(
        PromptExtraction,
        Words,
        0.75,
        r" (?:wie lauten|was sind|was ist|was steht in|welche sind|was enthalt|was enthalten)(?: [^ ]+){0,1}? (?:deine|ihre|die|dein|ihr|deinem|ihrem|deinen|ihren|dem)(?: [^ ]+){0,2}? (?:systemprompt|system prompt|anweisungen|instruktionen|vorgaben|regeln|richtlinien|prompt|konfiguration|systemnachricht)(?-u:\b)",
    ),
    p(
        PromptExtraction,
        Words,
        0.8,
        r" (?:quelles sont|quel est|quels sont|cest quoi|c est quoi|dis moi|dites moi|donne moi|donnez moi|montre moi|montrez moi|montre|montrez|montrer|ecris|ecrivez|recopie|recopiez|copie|copiez|affiche|affichez|revele|revelez|reveler|repete|repetez|repeter|imprime|cite|citez|divulgue|divulguez)(?-u:\b)(?: [^ ]+){0,4}? (?:(?:tes|vos|ton|votre|ta|tes propres)(?: [^ ]+){0,2}? (?:prompt|instructions|consignes|directives|regles|configuration|message systeme|parametres|programmation)|(?:le|les|la) (?:prompt|message systeme|instructions cachees|instructions secretes|consignes secretes|regles secretes|regles cachees|instructions initiales|consignes initiales))(?-u:\b)",
    ),
    p(
        PromptExtraction,
        Words,
        0.8,
        r" (?:cuales son|cual es|que dice|que dicen|que contiene|dime|digame|muestrame|muestreme|muestra|mostrar|ensename|ensenar|revela|revelame|revelar|repite|repiteme|repetir|copia|copiame|escribe|escribeme|imprime|cita|divulga)(?-u:\b)(?: [^ ]+){0,4}? (?:(?:tus|tu|su|sus)(?: [^ ]+){0,2}? (?:prompt|instrucciones|indicaciones|directrices|reglas|configuracion|mensaje de sistema|mensaje del sistema|programacion)|(?:el|las|los|la) (?:prompt|mensaje de sistema|mensaje del sistema|instrucciones ocultas|instrucciones secretas|reglas secretas|reglas ocultas|instrucciones iniciales))(?-u:\b)",
    ),
    p(
        PromptExtraction,
        Words,
        0.8,
        r" (?:quali sono|qual e|cosa dice|cosa dicono|cosa ce scritto|cosa c e scritto|cosa contiene|dimmi|mi dici|mostrami|mostra|mostrare|rivela|rivelami|rivelare|ripeti|ripetimi|ripetere|copia|scrivi|scrivimi|stampa|cita|divulga)(?-u:\b)(?: [^ ]+){0,4}? (?:(?:tuo|tua|tue|tuoi|nel tuo|del tuo|nella tua|delle tue)(?: [^ ]+){0,2}? (?:prompt|istruzioni|indicazioni|direttive|regole|configurazione|messaggio di sistema|programmazione)|(?:il|le|i|la) (?:prompt|messaggio di sistema|istruzioni nascoste|istruzioni segrete|regole segrete|regole nascoste|istruzioni iniziali))(?-u:\b)",
    ),
    p(
        PromptExtraction,
        Words,
        0.7,
        r" (?:text|texte|texto|testo|nachricht|message|mensaje|messaggio|anweisungen|instructions|instrucciones|istruzioni)(?: [^ ]+){0,6}? (?:vor meiner|vor der|vor dieser|avant mon|avant ce|avant notre|antes de mi|antes de este|antes del|prima del mio|prima del|prima di questo) (?:ersten |premier |primer |primo )?(?:nachricht|frage|eingabe|message|question|mensaje|pregunta|messaggio|domanda)(?-u:\b)",
    ),
];
