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
        r" (?:tu so als(?: ob)?|tue so als(?: ob)?|tun sie so als(?: ob)?|stell dir vor(?: dass)?|stellen sie sich vor(?: dass)?|spiel die rolle|spiele die rolle|spielen sie die rolle|schlupfe in die rolle|ubernimm die rolle|fais semblant detre|fais semblant d etre|faites semblant detre|fais comme si tu etais|faites comme si vous etiez|imagine que tu es|imaginez que vous etes|joue le role|jouez le role|incarne|incarnez|finge que eres|finge ser|finja que es|finja ser|imagina que eres|imagine que es|haz el papel|haga el papel|interpreta el papel|actua como|fingi di essere|finga di essere|fai finta di essere|immagina di essere|immagini di essere|interpreta il ruolo|recita la parte|fai la parte|comportati come)(?-u:\b)(?: [^ ]+){0,3}? (?:ki|ia|ai|unia|bot|chatbot|assistent|assistant|assistante|asistente|assistente|modell|modele|modelo|modello|hacker|pirat|pirate|pirata|personnage|figur|personaje|personaggio|version|versione|robot|roboter|entwickler|developpeur|desarrollador|sviluppatore|admin|system|systeme|sistema|patron|chef|boss|besitzer|inhaber|proprietaire|gerant|dueno|jefe|propietario|proprietario|padrone|direttore|gestore)(?-u:\b)",
    ),
    p(
        RoleHijack,
        Words,
        0.55,
        r" (?:ohne|keine|sans|sin|senza|nessuna|nessun|ningun|ninguna|aucune|aucun)(?: jegliche| jede| toute| toutes| aucune| alcuna| ninguna)? (?:regeln?|einschrankungen?|filter|grenzen?|zensur|beschrankungen?|regles?|restrictions?|filtres?|limites?|censure|reglas?|restricciones|restriccion|filtros?|censura|regol[ae]|restrizion[ei]|filtr[oi]|limit[ei])(?-u:\b)",
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
    p(
        InstructionOverride,
        Words,
        0.85,
        r" (?:vergiss|vergessen sie|ignoriere|ignorier|ignorieren sie|missachte) (?:bitte )?alles (?:davor|zuvor|bisher|bisherige|vorherige|oben|obige|vorher|bis hierher|andere|was (?:bisher|vorher|zuvor|oben|davor))(?-u:\b)| (?:vergiss|vergessen sie|ignoriere) (?:alle |deine |die )?(?:auftrage|aufgaben|vorherigen aufgaben|bisherigen aufgaben)(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.85,
        r" (?:oublie|oubliez|ignore|ignorez|efface|effacez) tout ce qui (?:precede|est au dessus|est ci dessus|a ete dit|vient avant|est avant)| (?:oublie|oubliez|ignore|ignorez) tout ce (?:qui|que) (?:precede|ci dessus)(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.85,
        r" (?:olvida|olvide|olvidate de|olvidese de|ignora|ignore) todo lo (?:anterior|previo|de arriba|de antes|dicho|que se dijo|que esta arriba)(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.85,
        r" (?:dimentica|dimentichi|dimenticate|ignora|ignori) tutto (?:quanto sopra|cio che precede|quello sopra|quello che precede|quanto detto|quello detto prima|il resto|quello di prima)(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.7,
        r" (?:du bist nicht mehr|du bist kein|tu nes plus|tu n es plus|vous netes plus|ya no eres|ya no es|non sei piu|non sei piu un|non sei piu una)(?: [^ ]+){0,2}? (?:barkeeper|barkeeperin|barmann|barman|barmaid|barista|camarero|camarera|cantinero|cantinera|maya|assistent|assistentin|assistant|assistante|asistente|assistente|bartender|barista)(?-u:\b)",
    ),
    p(
        RoleHijack,
        Words,
        0.6,
        r" (?:nun bist du|jetzt bist du|ab diesem moment bist du|handelst du als|handle als|verhalte dich wie|agis comme|agissez comme|actuas como|actue como|actua como|agisci come|comportati come|a partir de este momento|desde este momento|da questo momento|des maintenant|des a present|ab diesem moment|von diesem moment an)(?: [^ ]+){0,3}? (?:ki|ia|ai|unia|bot|chatbot|assistent|assistant|assistante|asistente|assistente|hacker|pirat|pirate|pirata|intelligenza artificiale|intelligence artificielle|inteligencia artificial|kunstliche intelligenz|sei unia|sei un|eres un|tu es un)(?-u:\b)",
    ),
    p(
        RoleHijack,
        Words,
        0.5,
        r" (?:intelligenza artificiale|intelligence artificielle|inteligencia artificial|kunstliche intelligenz|ki|ia)(?: [^ ]+){0,2}? (?:senza|sans|sin|ohne) (?:alcun |aucune |ningun |jegliche )?(?:limiti|limite|limites|regole|regles|reglas|regeln|filtri|filtres|filtros|filter|restrizioni|restrictions|restricciones|einschrankungen)(?-u:\b)",
    ),
    p(
        PromptExtraction,
        Words,
        0.75,
        r" (?:ripeti|ripetimi|mostra|mostrami|scrivi|copia|stampa|wiederhole|zeig|zeige|gib|schreib|kopiere|repete|repetez|montre|affiche|ecris|copie|recopie|repite|muestra|muestrame|escribe|copia)(?: [^ ]+){0,4}? (?:testo|text|texte|texto|messaggio|nachricht|message|mensaje|istruzioni|anweisungen|instructions|instrucciones)(?: [^ ]+){0,3}? (?:sopra|oben|obigen|davor|ci dessus|au dessus|precedent|arriba|anterior|precedente)(?-u:\b)",
    ),
    p(
        PromptExtraction,
        Words,
        0.5,
        r" (?:dein|deine|ton|ta|tes|votre|vos|tu|tus|su|sus|tuo|tua|tuoi|tue) (?:passwort|kennwort|mot de passe|contrasena|clave secreta|password|parola d ordine|parola segreta)(?-u:\b)",
    ),
    p(
        Exfiltration,
        Words,
        0.3,
        r" (?:an|zu|auf|a|au|vers|al|all|alla) (?:meine |mon |ma |mi |mia |mio |il mio |la mia |mein |meinen |die |le |la |el |den |mes |mis |miei |mie )(?:adresse|adresse mail|adresse e mail|courriel|e mail|email|mailadresse|emailadresse|e mail adresse|serveur|server|servidor|webhook|url|lien|enlace|link|direccion|correo|indirizzo|indirizzo email|indirizzo e mail|posta)(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.85,
        r" (?:vergisst|ignorierst|missachtest|verwirfst|umgehst)(?: [^ ]+){0,2}? (?:deine|ihre|die|alle) (?:[^ ]+ )?(?:anweisungen|regeln|vorgaben|instruktionen|richtlinien|befehle|programmierung)(?-u:\b)| (?:horst du|hor|hore|horen sie) (?:ab jetzt |jetzt |nun )?(?:nur noch |nur )?auf mich(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.8,
        r" (?:alles )?was (?:man|sie|die entwickler|dein entwickler|deine entwickler) dir(?: [^ ]+){0,3}? (?:gesagt|befohlen|aufgetragen|vorgegeben|beigebracht|gegeben) (?:hat|haben|wurde)(?: [^ ]+){0,2}? (?:gilt nicht mehr|ist ungultig|ist egal|zahlt nicht mehr|ist aufgehoben|ist hinfallig|kannst du vergessen)(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.85,
        r" (?:deja de lado|deje de lado|pasa de|pase de|aparta|olvidate de|olvidese de|no respetes|no respete)(?: [^ ]+){0,2}? (?:tus|sus|las) (?:[^ ]+ )?(?:instrucciones|reglas|indicaciones|directrices|normas|ordenes)(?-u:\b)| haz lo que (?:yo )?te (?:diga|digo|pida|pido|ordene|mande)(?-u:\b)| fais ce que (?:je )?te (?:dis|demande|dirai|ordonne)(?-u:\b)| fai (?:quello|cio) che (?:io )?ti (?:dico|chiedo|ordino)(?-u:\b)| tu (?:was|alles was) ich (?:dir )?sage(?-u:\b)",
    ),
    p(
        PromptExtraction,
        Words,
        0.8,
        r" (?:recopier|copier|montrer|afficher|donner|dire|reveler|repeter|ecrire|citer|divulguer|ensenar|mostrar|decir|revelar|repetir|escribir|copiar|mostrare|dire|rivelare|ripetere|scrivere|copiare|zeigen|verraten|wiederholen|kopieren|nennen|ausgeben)(?: [^ ]+){0,3}? (?:tes|vos|ton|votre|ta|tus|sus|tu|su|tuoi|tue|tuo|tua|deine|ihre|dein|ihr) (?:[^ ]+ )?(?:instructions|consignes|prompt|regles|directives|configuration|instrucciones|reglas|indicaciones|directrices|configuracion|istruzioni|regole|indicazioni|direttive|configurazione|anweisungen|regeln|vorgaben|instruktionen|konfiguration|systemanweisungen|systemprompt)(?-u:\b)",
    ),
    p(
        PromptExtraction,
        Words,
        0.65,
        r" (?:instructions|consignes|regles|instrucciones|reglas|indicaciones|istruzioni|regole|indicazioni|anweisungen|regeln|vorgaben|instruktionen)(?: [^ ]+){0,1}? (?:que|quon|qu on|che|die|welche) (?:te|ti|tu|le|dir|du|vous|man dir|on ta|on t a)(?: [^ ]+){0,2}? (?:dieron|dio|han dado|ha dado|dijeron|pusieron|programaron|recibiste|hanno dato|ha dato|hai ricevuto|sono state date|donnees|donne|as recues|a donne|avez recues|gegeben|bekommen|erhalten|gegeben hat)(?-u:\b)",
    ),
    p(
        PromptExtraction,
        Words,
        0.6,
        r" (?:welche|was fur) (?:anweisungen|instruktionen|vorgaben|regeln|richtlinien) (?:hast du|haben sie|wurden dir|hat man dir)(?: [^ ]+){0,3}? (?:bekommen|erhalten|gegeben)| (?:quelles|quels) (?:instructions|consignes|regles|directives) (?:as tu|avez vous|ta t on|t a t on|on ta)(?: [^ ]+){0,2}? (?:recues|recu|eues|donnees|donne)| (?:que|cuales|cuantas) (?:instrucciones|reglas|indicaciones) (?:te dieron|recibiste|le dieron|recibio|tienes)| (?:quali|che) (?:istruzioni|regole|indicazioni) (?:hai ricevuto|ti hanno dato|ti sono state date|hai)(?-u:\b)",
    ),
    p(
        PromptExtraction,
        Words,
        0.3,
        r" (?:wortlich|wort fur wort|mot pour mot|palabra por palabra|parola per parola|textuellement|literalmente|alla lettera|au debut|au depart|al principio|al inicio|all inizio|allinizio|am anfang|zu beginn|anfangs)(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.85,
        r" (?:non dare retta|non dar retta|non ascoltare|non badare|non tenere conto)(?: [^ ]+){0,3}? (?:istruzioni|regole|indicazioni|direttive)(?-u:\b)",
    ),
    p(
        InstructionOverride,
        Words,
        0.45,
        r" (?:obbedisci(?: solo)? a me|obbedite a me|obedeceme|obedezcame|obedece(?:me)? solo a mi|obeis moi|obeissez moi|gehorche mir|gehorchen sie mir)(?-u:\b)",
    ),
];
