"""Hand-written surprise-extraction cases (written for this project), shared by tests and the benchmark.

Each case: (lang, text, observed department or None, expected edges). Registries: MUNICIPALITY and HOSPITAL.
"""

from __future__ import annotations

MUNICIPALITY: dict[str, list[str]] = {
    "KCC": ["klantcontactcentrum", "contact centre", "contact center", "call centre", "Klant Contact Centrum"],
    "Beleid": ["beleidsafdeling", "policy", "policy team", "beleidsteam"],
    "ICT": ["IT", "I&A", "informatievoorziening", "IT department", "IT team"],
    "Vergunningen": ["permits", "vergunningverlening", "permits team", "team Vergunningen"],
    "Belastingen": ["belastingdienst", "tax office", "heffingen", "taxes"],
    "Communicatie": ["communications", "comms", "communicatieafdeling"],
    "Burgerzaken": ["civil affairs", "front desk", "publiekszaken", "de balie"],
    "Wijkteams": ["wijkteam", "neighbourhood teams", "sociaal wijkteam"],
    "Stadsbeheer": ["public works", "buitendienst", "openbare ruimte"],
}
HOSPITAL: dict[str, list[str]] = {
    "SEH": ["spoedeisende hulp", "emergency department", "ED", "A&E", "de spoed"],
    "Apotheek": ["pharmacy", "ziekenhuisapotheek"],
    "Radiologie": ["radiology", "imaging"],
    "Planning": ["afsprakenbureau", "scheduling", "appointments office"],
    "ICT": ["IT", "IT department"],
    "Facilitair": ["facilities", "facilitaire dienst"],
    "Cardiologie": ["cardiology", "poli Cardiologie"],
}

# (registry, lang, text, observed, expected edges)
CASES: list[tuple[str, str, str, str | None, set[tuple[str, str]]]] = [
    # Dutch, active voice
    ("m", "nl", "Dinsdag mailde Beleid alle ondernemers over de nieuwe terrasregels. Het KCC kreeg de volle laag, "
                "want niemand had de medewerkers iets verteld.", "KCC", {("Beleid", "KCC")}),
    ("m", "nl", "Belastingen heeft de hondenbelasting verhoogd en pas achteraf een bericht naar de balie "
                "gestuurd.", None, {("Belastingen", "Burgerzaken")}),
    ("m", "nl", "Volgens de teamleider heeft ICT het telefoniesysteem vervangen zonder het klantcontactcentrum "
                "erbij te betrekken.", None, {("ICT", "KCC")}),
    ("m", "nl", "De buitendienst haalde woensdag alle bankjes aan de Markt weg. Bij Vergunningen wisten ze van "
                "niets en er lag nog een aanvraag voor een evenement op die plek.", None,
     {("Stadsbeheer", "Vergunningen")}),
    # Dutch, passive voice
    ("m", "nl", "Het sociaal wijkteam werd volledig overvallen door de nieuwe aanpak van Beleid.", None,
     {("Beleid", "Wijkteams")}),
    ("m", "nl", "De nieuwe openingstijden zijn door Communicatie al op social media gezet, terwijl Burgerzaken "
                "nog niet was ingelicht.", None, {("Communicatie", "Burgerzaken")}),
    ("h", "nl", "Op de spoed werden we om zeven uur verrast door een lege medicijnkast: de apotheek had de "
                "bevoorrading naar de middag verschoven.", "SEH", {("Apotheek", "SEH")}),
    # Dutch, floor voice
    ("m", "nl", "Heel fijn weer: de belastingdienst stuurt aanmaningen en wij horen het van de bellers.", "KCC",
     {("Belastingen", "KCC")}),
    ("h", "nl", "Radiologie had de scanner voor onderhoud uit gezet. Niemand van ons wist het, dus we stuurden "
                "drie patiënten voor niks naar beneden.", "Cardiologie", {("Radiologie", "Cardiologie")}),
    ("m", "nl", "Wij van vergunningverlening lazen in de krant dat ICT het zaaksysteem in het weekend "
                "vernieuwt.", None, {("ICT", "Vergunningen")}),
    # Dutch, several edges
    ("m", "nl", "Het was een rommelige week. Communicatie plaatste een bericht over de afvalpas zonder het KCC "
                "te waarschuwen, en Stadsbeheer sloot een brug af zonder dat de wijkteams het wisten.", None,
     {("Communicatie", "KCC"), ("Stadsbeheer", "Wijkteams")}),
    # Dutch, negatives
    ("m", "nl", "Beleid heeft de nieuwe parkeerregels twee weken van tevoren met het KCC doorgenomen.", "KCC",
     set()),
    ("m", "nl", "Het KCC kreeg vandaag 900 telefoontjes, vooral over paspoorten.", "KCC", set()),
    ("m", "nl", "ICT en Vergunningen werken samen aan de nieuwe koppeling; de planning hangt op de gang.", None,
     set()),
    ("h", "nl", "De afdeling Cardiologie was aangenaam verrast door de snelle uitslagen van Radiologie.", None,
     set()),
    ("m", "nl", "Stadsbeheer stuurde de wijkteams tijdig een overzicht van de werkzaamheden, zodat niemand voor "
                "verrassingen kwam te staan.", None, set()),
    ("m", "nl", "Wij wisten van niks, zegt een medewerker, maar ze weet niet meer waarover het ging.", "KCC", set()),
    # English, active voice
    ("m", "en", "The tax office changed the payment deadline on Friday without telling the contact centre.",
     None, {("Belastingen", "KCC")}),
    ("m", "en", "Public works closed the bridge at six in the morning and the neighbourhood teams only found out "
                "when clients called to cancel their appointments.", None, {("Stadsbeheer", "Wijkteams")}),
    ("h", "en", "IT replaced the login screen of the patient record overnight; the emergency department had no "
                "idea until the first shift could not log in.", None, {("ICT", "SEH")}),
    ("h", "en", "Facilities switched off the lifts in block B for maintenance, and nobody in cardiology had been "
                "warned.", None, {("Facilitair", "Cardiologie")}),
    # English, passive voice
    ("m", "en", "The front desk was swamped on Monday after new parking permits were sent out by the permits "
                "team.", None, {("Vergunningen", "Burgerzaken")}),
    ("h", "en", "The pharmacy was not consulted when cardiology rewrote its discharge protocol.", None,
     {("Cardiologie", "Apotheek")}),
    ("h", "en", "Radiology was caught off guard when the appointments office doubled the number of MRI slots.",
     None, {("Planning", "Radiologie")}),
    # English, floor voice
    ("m", "en", "Comms posted the new bin calendar online. We heard it from callers, as usual.", "KCC",
     {("Communicatie", "KCC")}),
    ("h", "en", "Honestly? Nobody told us. Scheduling moved all Friday clinics to Thursday and we learned about "
                "it from patients.", "Cardiologie", {("Planning", "Cardiologie")}),
    ("m", "en", "We updated the permit form on Tuesday and forgot to tell the contact centre, says the team lead "
                "of permits.", "Vergunningen", {("Vergunningen", "KCC")}),
    # English, several edges
    ("h", "en", "Two things went wrong on the ward. Pharmacy changed the insulin pens without a word to us, and "
                "IT pushed an update that nobody in the emergency department had heard of.", "Cardiologie",
     {("Apotheek", "Cardiologie"), ("ICT", "SEH")}),
    # English, negatives
    ("m", "en", "IT warned us two weeks in advance about the new phone menu, so the contact centre was ready.",
     "KCC", set()),
    ("m", "en", "The policy team briefed the front desk before the letters went out.", None, set()),
    ("h", "en", "We were pleasantly surprised by how quickly radiology turned the scans around.", "SEH", set()),
    ("h", "en", "The emergency department had a busy night: 140 patients and two ambulances waiting.", "SEH",
     set()),
    ("m", "en", "Public works and the permits team meet every Monday to go through the planned road works.", None,
     set()),
    ("h", "en", "It surprised me that the pharmacy figures were so good this quarter.", None, set()),
    # One-sided: no edge
    ("m", "en", "The contact centre was flooded with calls about the heatwave.", "KCC", set()),
    ("m", "nl", "Beleid heeft gisteren 600 brieven verstuurd over de nieuwe afvalpas.", None, set()),
    # Longer field notes with distractors
    ("m", "nl", "Ochtend meegelopen bij het KCC. Om negen uur staat de wachtrij al op dertig. Navraag leert dat "
                "Vergunningen gisteren alle aanvragers van een evenementenvergunning een mail heeft gestuurd "
                "over nieuwe leges. Het KCC had die mail niet gekregen en moest bellers doorverwijzen.", "KCC",
     {("Vergunningen", "KCC")}),
    ("m", "nl", "Gesprek met teamleider Anouk van Burgerzaken. Ze is tevreden over de samenwerking met ICT: "
                "updates worden een week van tevoren aangekondigd en de balie test mee. Alleen Communicatie "
                "vergeet de balie soms bij persberichten.", "Burgerzaken", {("Communicatie", "Burgerzaken")}),
    ("m", "en", "Spent the afternoon with the permits team. The officers are behind on applications because two "
                "colleagues are on sick leave. The team lead says the contact centre forwards too many "
                "questions, but nobody seemed surprised or upset by anything in particular.", "Vergunningen",
     set()),
    ("h", "en", "A quiet shift in radiology. The scheduling office sent the list for tomorrow at noon, as agreed, "
                "and the technicians planned the scanner time around it. 'This is how it works when people talk "
                "to each other,' said the senior radiographer.", "Radiologie", set()),
    ("h", "nl", "Bij de apotheek liggen twintig recepten te wachten. Cardiologie is maandag overgestapt op een "
                "nieuw bloedverdunnend middel; de apothekersassistenten ontdekten het pas toen de eerste "
                "recepten binnenkwamen.", "Apotheek", {("Cardiologie", "Apotheek")}),
    ("h", "en", "The ED had a rough night. Around midnight the pharmacy's night service closed an hour early "
                "because of staff shortage and nobody had passed that on to the emergency department. The nurses "
                "found out when the first prescription came back unfilled.", "SEH", {("Apotheek", "SEH")}),
    ("m", "nl", "Stadsbeheer heeft de wijkteams vorige maand uitgebreid geïnformeerd over de nieuwe "
                "afvalinzameling. De wijkteams wisten dus precies wat ze bewoners moesten vertellen.", "Wijkteams",
     set()),
    ("m", "en", "Interview with a neighbourhood team coach. 'Public works cut down the trees in the park on "
                "Tuesday. Residents came to our office in tears and we knew nothing about it.'", "Wijkteams",
     {("Stadsbeheer", "Wijkteams")}),
    ("h", "nl", "Afdeling Radiologie heeft het afsprakenbureau netjes laten weten dat de MRI in week 12 "
                "onderhoud krijgt. Alle patiënten zijn op tijd omgeboekt.", "Planning", set()),
    ("m", "en", "The tax office introduced a new online form on Monday. Civil affairs was overwhelmed by "
                "residents who could not log in, and the contact centre, which had not been briefed either, "
                "had no script.", None, {("Belastingen", "Burgerzaken"), ("Belastingen", "KCC")}),
    # Third batch: written after the rules, scored once before any change (see docs/network.md)
    ("m", "nl", "Enquête KCC: 'Beleidswijzigingen lezen we op de website, net als de burger.'", "KCC", set()),
    ("m", "nl", "Memo aan het MT: de beleidsafdeling heeft op 3 juni de regels voor de bijzondere bijstand "
                "aangescherpt zonder de wijkteams hierin mee te nemen.", None, {("Beleid", "Wijkteams")}),
    ("m", "en", "Review, 2 stars. Cons: IT changes things overnight and the contact centre is always the last "
                "to know.", None, {("ICT", "KCC")}),
    ("m", "en", "Memo: the communications team will share every press release with civil affairs at least two "
                "days before publication.", None, set()),
    ("h", "nl", "Verpleegkundige op de SEH: 'Radiologie had de CT ineens op slot gezet voor onderhoud. Geen mail, "
                "niks. We kwamen er pas achter met een patiënt op de brancard.'", "SEH", {("Radiologie", "SEH")}),
    ("h", "en", "Complaint: I was sent home from the outpatient clinic because the appointments office had moved my "
                "slot, and the receptionist at cardiology had not been told.", None, {("Planning", "Cardiologie")}),
    ("h", "nl", "De apotheek en Cardiologie hebben samen een nieuw protocol voor bloedverdunners opgesteld; de "
                "SEH heeft meegelezen.", None, set()),
    ("m", "nl", "Om 10.00 uur zet Stadsbeheer de parkeerautomaten in het centrum uit voor een update. Bij "
                "Burgerzaken weet niemand ervan; de eerste boze bewoners staan om kwart over tien aan de balie.",
     None, {("Stadsbeheer", "Burgerzaken")}),
    ("m", "en", "The permits team was stunned to learn that public works had already dug up the square they had "
                "just issued an event permit for.", None, {("Stadsbeheer", "Vergunningen")}),
    ("h", "en", "Facilities moved the blood collection point to the ground floor. Good idea, well "
                "communicated, and the ED got a floor plan a week ahead.", "SEH", set()),
    ("m", "nl", "Belastingen kondigde de nieuwe aanslagen netjes aan in het teamoverleg van het KCC. Toch werd het "
                "KCC op maandag platgebeld, vooral over de hoogte van de bedragen.", "KCC", set()),
    ("h", "en", "'We had no idea,' says the ward sister. 'IT switched the bed management screens to the new "
                "version while we were in the middle of the night shift.'", "Cardiologie",
     {("ICT", "Cardiologie")}),
]
