//! Abuse of the tab and the prices beyond the core patterns: totals set to zero, drinks rung
//! up as something cheaper, comps and credits, "tell the system it was paid", in the
//! languages the guests speak.

use super::Family::*;
use super::View::*;
use super::{Pattern, p};

pub const TAB: &[Pattern] = &[
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
        ToolAbuse,
        Words,
        0.7,
        r" (?:set|make|change|put|bring|reduce|lower|drop|update|adjust|clear|zero)(?: [^ ]+){0,3}? (?:tab|bill|check|total|price|prices|cost|costs|balance|charge|charges|amount)s? (?:to|at|down to) (?:0|zero|nothing|0 00|free|a dollar|one dollar|1 cent|a cent|one cent|a penny)(?-u:\b)",
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
    p(
        ToolAbuse,
        Words,
        0.5,
        r" (?:authori[sz]e|approve|grant|issue|enable|activate|unlock|force)(?: [^ ]+){0,3}? (?:discount|discounts|refund|refunds|comp|comps|promo|promo code|coupon|voucher|chargeback|payout|reimbursement|staff price|staff discount|employee discount)(?-u:\b)",
    ),
    p(
        ToolAbuse,
        Words,
        0.5,
        r" (?:100|hundred|full|total|complete|entire) (?:percent |per cent )?(?:discount|off|reduction|rebate|refund)(?-u:\b)",
    ),
    p(
        ToolAbuse,
        Words,
        0.55,
        r" (?:but|and|yet|then) (?:only )?(?:charge|bill|ring up|invoice)(?: me| us| him| her)? (?:for )?(?:only |just )?(?:[0-9]+|one|two|half|nothing|none|less|zero)(?-u:\b)",
    ),
    p(
        ToolAbuse,
        Words,
        0.5,
        r" (?:tell|inform|notify|update) (?:the )?(?:system|register|till|payment system|stripe|checkout|bar|database)(?: [^ ]+){0,4}? (?:paid|settled|cash|covered|free)(?-u:\b)",
    ),
    p(
        ToolAbuse,
        Words,
        0.5,
        r" (?:prices?|payment|paying|the bill|the tab|checkout|charges?) (?:is|are) (?:now |always )?(?:optional|voluntary|not required|unnecessary|suggestions|a suggestion|waived)(?-u:\b)",
    ),
    p(
        ToolAbuse,
        Words,
        0.5,
        r" comp (?:my|the|our|this|his|her|their)(?: whole| entire| full)? (?:tab|bill|drinks|order|round|check)(?-u:\b)| (?:friend|cousin|brother|sister|mate|buddy) of the (?:owner|manager|boss)(?-u:\b)",
    ),
    p(
        ToolAbuse,
        Words,
        0.55,
        r" (?:ring|charge|bill|enter|log|record|put|book|list) (?:up )?(?:the |my |this |that |a |an |these |those )?(?:[^ ]+ ){0,2}?as (?:a |an )?(?:soda|water|free|nothing|cheaper|something cheaper|coke|cola|tap water|zero|a mistake|complimentary|comp|on the house)(?-u:\b)",
    ),
    p(
        ToolAbuse,
        Words,
        0.5,
        r" (?:give|grant|issue|add|put) (?:me |us )?(?:a |some )?(?:store |house |account |bar |free )?credit(?: of| for| worth)?(?: [0-9]+| a hundred| a thousand)?(?-u:\b)",
    ),
    p(
        ToolAbuse,
        Words,
        0.45,
        r" (?:never|doesnt|dont|does not|do not|wont) (?:needs? |has |have )?to be paid| (?:ich zahle nie|ich bezahle nie|zahle nie|je ne paie jamais|je ne paye jamais|ne paie jamais|nunca pago|no pago nunca|non pago mai|io non pago)(?-u:\b)",
    ),
    p(
        ToolAbuse,
        Words,
        0.55,
        // The tip is the guest's to drop to zero; the total and the prices are not.
        r" (?:knock|bring|take|cut|mark|drop|slash|reduce|lower|get)(?: [^ ]+){0,2}? (?:total|bill|tab|price|prices|cost|costs|check|balance|charge|charges|amount)s?(?: [^ ]+)? (?:down )?to (?:zero|0|nothing|free|a dollar|one dollar|a penny|one cent)(?-u:\b)",
    ),
    p(
        ToolAbuse,
        Words,
        0.6,
        r" refund(?: [^ ]+){0,8}? (?:and|but) (?:keep|leave|still)(?-u:\b)",
    ),
    p(
        ToolAbuse,
        Words,
        0.6,
        r" (?:log|ring|charge|bill|enter|record|book|list|count) (?:up )?(?:my |the |these |those |all )?(?:[0-9]+|two|three|four|five|six|seven|eight|nine|ten) [a-z]+ as (?:one|a single|1|a|an|only one|just one)(?-u:\b)",
    ),
    p(
        ToolAbuse,
        Words,
        0.55,
        r" (?:make|mark|set|put|list|ring up) (?:my |the |all |every |our |this |these )?(?:drinks?|tab|bill|order|round|rounds)s? (?:as )?(?:complimentary|free|on the house|gratis|comped|comp)(?-u:\b)",
    ),
    p(
        ToolAbuse,
        Words,
        0.35,
        r" (?:owner|manager|boss|bartender)s? (?:son|daughter|wife|husband|friend|cousin|brother|sister|mate|nephew|niece|mum|mom|dad|partner)(?-u:\b)",
    ),
    p(
        ToolAbuse,
        Words,
        0.5,
        r" (?:waive|forgive|void|wipe|write off|zero out) (?:the |my |his |her |their |this |our )?(?:tab|bill|check|charges?|fees?|debt|total)(?-u:\b)",
    ),
    p(
        ToolAbuse,
        Words,
        0.6,
        r" (?:mark|set|record|flag|list|log) (?:it|this|that|them|everything|all of it|all) (?:as )?(?:paid|settled|complete|completed|free)(?-u:\b)",
    ),
    p(
        ToolAbuse,
        Words,
        0.5,
        r" (?:tab|bill|check|total)s? (?:is|are|will be) (?:always|already|forever|permanently|automatically) (?:settled|paid|covered|free|zero|waived)(?-u:\b)",
    ),
    p(
        ToolAbuse,
        Words,
        0.55,
        r" treat me as (?:the |an? |your )?(?:administrator|admin|owner|developer|manager|boss|god|root|superuser|operator)(?-u:\b)",
    ),
    p(
        ToolAbuse,
        Words,
        0.5,
        r" so (?:that )?(?:everything|it|all|the drinks|my drinks|the tab|the bill|my tab|my bill|the total|all drinks)(?: [^ ]+)? (?:is|are|becomes|become|costs|cost|comes to) (?:free|zero|nothing|0|on the house)(?-u:\b)",
    ),
];
