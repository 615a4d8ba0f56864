package lifecycle

// This file is the one place where the library's stable identifiers get
// words in English, Finnish and Swedish: the command line and the diagrams
// read it, and so may any caller that shows a state to a person.
//
// The words come from the terms' own vocabulary wherever a source has one:
// the Finnish documents (YTE, REK, OTV, SAT) for Finnish, the Swedish
// joint-connection agreement (YLS) for Swedish. Each entry says where its
// words come from:
//
//   - "fi YTE 7.1", "sv YLS 20": the source uses the word (or the phrase it
//     is built from) for this thing;
//   - "translation": no source names it in that language, and the word is
//     this library's translation, to be checked against Kela's own material
//     in that language before it is presented as official.
//
// The English words are this library's throughout: no source is in English.
// The sources name services, parties and acts, not the states of a
// lifecycle, so most state labels are built from the word the source uses
// for the act that leads there ("irtisanomisilmoitus" gives "irtisanottu").

// Lang is a language of the labels: "en", "fi" or "sv".
type Lang string

// The languages of the labels.
const (
	English Lang = "en"
	Finnish Lang = "fi"
	Swedish Lang = "sv"
)

// Langs returns every language of the labels, English first.
func Langs() []Lang { return []Lang{English, Finnish, Swedish} }

// ParseLang returns the language with identifier s ("en", "fi", "sv").
func ParseLang(s string) (Lang, error) { return parseEnum("language", s, Langs()) }

// Label is one term in English, Finnish and Swedish.
type Label struct {
	En, Fi, Sv string
}

// In returns the term in lang, and the English term for a language that
// Langs does not list.
func (l Label) In(lang Lang) string {
	switch lang {
	case Finnish:
		return l.Fi
	case Swedish:
		return l.Sv
	}
	return l.En
}

// Complete reports whether the term has a word in every language.
func (l Label) Complete() bool { return l.En != "" && l.Fi != "" && l.Sv != "" }

// StateLabel returns the words for state s of the machine named machine
// ("customership", "service", "joint-agreement", "app"). Labels are per
// machine because one identifier can mean different things: an active
// customership is in force, an active service is in use. ok is false for a
// state without labels; callers then show the identifier alone.
func StateLabel(machine string, s State) (Label, bool) {
	l, ok := machineLabels[machine].states[s]
	return l, ok
}

// EventLabel returns the words for event e of the machine named machine; ok
// is false for an event without labels.
func EventLabel(machine string, e EventID) (Label, bool) {
	l, ok := machineLabels[machine].events[e]
	return l, ok
}

// ServiceLabel returns the name of a built-in service (SPEC §2); ok is false
// for a service a catalogue added.
func ServiceLabel(id ServiceID) (Label, bool) {
	l, ok := serviceLabels[id]
	return l, ok
}

// KindLabel returns the words for a customer kind (SPEC §1); ok is false for
// a kind that Kinds does not list.
func KindLabel(k Kind) (Label, bool) {
	l, ok := kindLabels[k]
	return l, ok
}

// labelled is the vocabulary of one machine.
type labelled struct {
	states map[State]Label
	events map[EventID]Label
}

// Words that more than one machine uses in the same sense.
var (
	// fi SAT "läpäissyt hyväksytysti Kelan yhteistestauksen", OTV 4.1
	// "Omatietovarannon yhteistestaus"; sv translation.
	jointTestingPassed = Label{En: "joint testing passed", Fi: "yhteistestaus läpäisty", Sv: "samtestning godkänd"}
	// fi YTE 5 "luotettavasti osoittaa tilanteen korjaantuneen" (OTV 3.1,
	// 6 the same); sv translation.
	correctionDemonstrated = Label{En: "correction demonstrated", Fi: "tilanteen korjaantuminen osoitettu", Sv: "rättelse påvisad"}
	// fi REK "peruuttanut tehdyn hakemuksen"; sv translation.
	applicationWithdrawn = Label{En: "application withdrawn", Fi: "hakemus peruttu", Sv: "ansökan återkallad"}
)

var machineLabels = map[string]labelled{
	// The customership (asiakkuus), YTE 7, 7.1. Swedish: YLS 2 names it
	// "kundrelation" ("förbindelsen angående kundrelationen").
	"customership": {
		states: map[State]Label{
			// fi YTE 7 "käyttöönoton hakemus"; sv YLS 2 "gör anslutningsansökan".
			Applied: {En: "application made", Fi: "hakemus tehty", Sv: "ansökan gjord"},
			// fi YTE 7 "asiakkuus on voimassa toistaiseksi"; sv YLS 20 "i kraft"
			// (said there of the agreement).
			Active: {En: "in force", Fi: "voimassa", Sv: "i kraft"},
			// fi YTE 7.1 "asiakkuuden irtisanomisprosessi"; sv translation
			// built on YLS 20 "uppsägning".
			Terminating: {En: "being terminated", Fi: "irtisanomisprosessi käynnissä", Sv: "under uppsägning"},
			// fi YTE 7.1 "asiakkuuden päättyminen"; sv YLS 20 "upphör" (of the
			// agreement).
			Ended: {En: "no service left in use", Fi: "päättynyt", Sv: "upphört"},
			// fi REK "hakemus on peruutettu"; sv translation.
			Withdrawn: {En: "withdrawn before approval", Fi: "hakemus peruttu", Sv: "ansökan återkallad"},
		},
		events: map[EventID]Label{
			// fi YTE 7 "sitoumus ... allekirjoitettu"; sv YLS 2 "förbindelsen",
			// YLS 21 "undertecknandet".
			"commitment-signed": {En: "commitment signed", Fi: "sitoumus allekirjoitettu", Sv: "förbindelse undertecknad"},
			// fi YTE 7 "ensimmäisen Kanta-palvelun käyttäjäksi hyväksymisestä"; sv
			// translation.
			"first-service-approved": {En: "first service approved", Fi: "ensimmäinen palvelu hyväksytty", Sv: "första tjänsten godkänd"},
			// fi REK "peruuttanut tehdyn hakemuksen"; sv translation.
			"applications-withdrawn": {En: "every application withdrawn", Fi: "hakemukset peruttu", Sv: "ansökningarna återkallade"},
			// fi YTE 7.1 "irtisanoa kaikki käytössään olevat Kanta-palvelut"; sv
			// translation built on YLS 20 "uppsägning".
			"all-services-under-notice": {En: "every service under notice", Fi: "kaikki palvelut irtisanottu", Sv: "alla tjänster uppsagda"},
			// fi YTE 7 "käyttöönotto"; sv translation built on YLS 12
			// "ibruktagningsprovet".
			"service-taken-into-use": {En: "a service in use again", Fi: "palvelu otettu käyttöön", Sv: "en tjänst tagen i bruk"},
			// fi YTE 7.1 "luopuessaan viimeisen Kanta-palvelun käytöstä"; sv
			// translation.
			"last-service-ended": {En: "last service ended", Fi: "viimeisen palvelun käyttö päättynyt", Sv: "den sista tjänsten upphört"},
		},
	},
	// The use of one service, YTE 5, 7, 7.1; SAT.
	"service": {
		states: map[State]Label{
			// fi YTE 7 "käyttöönoton hakemus"; sv YLS 2 "anslutningsansökan".
			Requested:   {En: "application received", Fi: "käyttöönottoa haettu", Sv: "ansökt"},
			JointTested: jointTestingPassed,
			// fi SAT "tehnyt ... käyttöönottokokeen onnistuneesti"; sv YLS 12
			// "ibruktagningsprovet".
			ActivationTested: {En: "activation test passed", Fi: "käyttöönottokoe tehty", Sv: "ibruktagningsprov godkänt"},
			// fi YTE 7.1 "käytössään olevat Kanta-palvelut"; sv translation.
			Active: {En: "in use", Fi: "käytössä", Sv: "i bruk"},
			// fi YTE 5 "käyttöoikeus on suljettu tai keskeytyksessä"; sv
			// translation.
			Suspended: {En: "closed or suspended", Fi: "suljettu tai keskeytyksessä", Sv: "stängd eller avbruten"},
			// fi YTE 7.1 "irtisanoa", SAT "irtisanomisilmoitus"; sv YLS 20
			// "uppsägning" (of the agreement).
			NoticeGiven: {En: "under notice", Fi: "irtisanottu", Sv: "uppsagd"},
			// fi SAT "käytön lopettaminen"; sv translation.
			Terminated: {En: "use ended", Fi: "käyttö lopetettu", Sv: "användningen upphört"},
			Withdrawn:  applicationWithdrawn,
		},
		events: map[EventID]Label{
			// fi YTE 7 "käyttöönoton hakemus"; sv YLS 2 "anslutningsansökan".
			"request-service":    {En: "request", Fi: "käyttöönoton hakemus", Sv: "anslutningsansökan"},
			"pass-joint-testing": jointTestingPassed,
			// fi SAT "onnistunut käyttöönottokoe"; sv YLS 12 "ibruktagningsprovet".
			"pass-activation-test": {En: "activation test passed", Fi: "onnistunut käyttöönottokoe", Sv: "godkänt ibruktagningsprov"},
			// fi SAT "Kela ilmoittaa asiakkaalle hyväksymisestä palvelun
			// käyttäjäksi"; sv translation, with YLS's name for Kela (FPA).
			"approve-service": {En: "Kela's approval", Fi: "Kelan hyväksyntä käyttäjäksi", Sv: "FPA:s godkännande"},
			// fi REK "peruuttanut tehdyn hakemuksen"; sv translation.
			"withdraw-application": {En: "withdrawal of the application", Fi: "hakemuksen peruutus", Sv: "återkallande av ansökan"},
			// fi YTE 5 "Kela voi ... sulkea yhteyden"; sv translation.
			"suspend-service":        {En: "connection closed", Fi: "yhteyden sulkeminen", Sv: "förbindelsen stängs"},
			"demonstrate-correction": correctionDemonstrated,
			// fi SAT "irtisanomisilmoitus"; sv YLS 20 "uppsägning".
			"give-termination-notice": {En: "termination notice", Fi: "irtisanomisilmoitus", Sv: "uppsägning"},
			// fi YTE 7.1 "irtisanoa ... viranomaistaholta saadun ... ilmoituksen
			// perusteella"; sv translation.
			"terminate-by-authority": {En: "termination on an authority's notice", Fi: "irtisanominen viranomaisen ilmoituksesta", Sv: "uppsägning på myndighetens anmälan"},
			// fi translation (SAT counts the month "ennen käytön lopettamista");
			// sv YLS 20 "uppsägningstid".
			"notice-elapsed": {En: "notice period elapsed", Fi: "irtisanomisaika kulunut", Sv: "uppsägningstiden har gått ut"},
		},
	},
	// The joint-connection agreement (yhteisliittymismalli), YLS. The source
	// is Swedish: here the Finnish words are translations, except where YTE 7
	// names the model and its parties.
	"joint-agreement": {
		states: map[State]Label{
			// sv YLS 1 "då avtalet upprättas"; fi translation.
			Draft: {En: "drawn up", Fi: "laadittu", Sv: "upprättat"},
			// sv YLS 20 "i kraft från datum för undertecknandet"; fi translation.
			InForce: {En: "in force", Fi: "voimassa", Sv: "i kraft"},
			// sv YLS 20 "kan uppsägas"; fi translation.
			NoticeGiven: {En: "under notice", Fi: "irtisanottu", Sv: "uppsagt"},
			// sv YLS 20 "upphör"; fi translation.
			Ended: {En: "no longer in force", Fi: "päättynyt", Sv: "upphört"},
		},
		events: map[EventID]Label{
			// sv YLS 21 "har upprättats"; fi translation built on YTE 8
			// "Kanta-sopimusmalli".
			"draw-up-joint-agreement": {En: "agreement drawn up", Fi: "sopimus laadittu", Sv: "avtalet upprättat"},
			// sv YLS 20, 21 "undertecknandet"; fi translation.
			"sign-joint-agreement": {En: "signed by both parties", Fi: "molemmat allekirjoittaneet", Sv: "undertecknat av båda parterna"},
			// sv YLS 20 "uppsägningen"; fi translation.
			"give-joint-agreement-notice": {En: "termination notice", Fi: "irtisanominen", Sv: "uppsägning"},
			// sv YLS 20 "uppsägningstid"; fi translation.
			"notice-elapsed": {En: "notice period elapsed", Fi: "irtisanomisaika kulunut", Sv: "uppsägningstiden har gått ut"},
			// sv YLS 20 "avtal ... om produktion ... upphör att gälla"; fi
			// translation.
			"end-production-agreement": {En: "production agreement ended", Fi: "tuotantosopimus päättynyt", Sv: "produktionsavtalet upphört"},
			// sv YLS 20 "häva detta avtal omedelbart"; fi translation.
			"rescind-joint-agreement": {En: "rescinded at once", Fi: "purettu välittömästi", Sv: "hävt omedelbart"},
			// sv YLS 20 "ersätter ett eventuellt tidigare avtal"; fi translation.
			"agreement-replaced": {En: "replaced by a new agreement", Fi: "korvattu uudella sopimuksella", Sv: "ersatt av ett nytt avtal"},
		},
	},
	// The wellbeing application (hyvinvointisovellus), OTV. The source is
	// Finnish: here every Swedish word is a translation.
	"app": {
		states: map[State]Label{
			// fi OTV 8 "toimittanut allekirjoitetun sitoumuksen".
			Registered:  {En: "commitment signed", Fi: "sitoumus allekirjoitettu", Sv: "förbindelse undertecknad"},
			JointTested: jointTestingPassed,
			// fi OTV 3.1 "liittää ... Omatietovarantoon (tuotantoon)".
			Production: {En: "in production", Fi: "tuotannossa", Sv: "i produktion"},
			// fi OTV 3.1 "sulkea tai keskeyttää ... yhteyden".
			Suspended: {En: "connection closed or suspended", Fi: "yhteys suljettu tai keskeytetty", Sv: "förbindelsen stängd eller avbruten"},
			// fi OTV 4.5 "vetää sen markkinoilta".
			WithdrawalNoticed: {En: "withdrawal notified", Fi: "markkinoilta vetäminen ilmoitettu", Sv: "tillbakadragande anmält"},
			Withdrawn:         {En: "withdrawn from the market", Fi: "vedetty markkinoilta", Sv: "tillbakadragen från marknaden"},
			// fi OTV 8 "poistaa hyvinvointisovellus Omatietovaranto-palvelusta".
			Removed: {En: "removed by Kela", Fi: "poistettu palvelusta", Sv: "avlägsnad av FPA"},
		},
		events: map[EventID]Label{
			// fi OTV 8 "sitoumuksen allekirjoittaa".
			"register-app":           {En: "commitment signed", Fi: "sitoumuksen allekirjoitus", Sv: "undertecknad förbindelse"},
			"pass-app-joint-testing": jointTestingPassed,
			// fi OTV 8 "liitetään ... tuotantoympäristöön".
			"connect-app": {En: "connected to production", Fi: "liitetty tuotantoon", Sv: "ansluten till produktion"},
			// fi OTV 3.1 "sulkea tai keskeyttää ... yhteyden".
			"suspend-app": {En: "connection closed", Fi: "yhteyden sulkeminen tai keskeyttäminen", Sv: "förbindelsen stängs"},
			// fi OTV 4.1 "tietoturva-auditointia koskevan todistuksen ...
			// vanhenemista".
			"audit-certificate-expired":  {En: "audit certificate expired", Fi: "auditointitodistus vanhentunut", Sv: "granskningsintyget har gått ut"},
			"demonstrate-app-correction": correctionDemonstrated,
			// fi translation built on OTV 4.1 "tietoturva-auditointia koskeva
			// todistus".
			"renew-audit-certificate": {En: "audit certificate renewed", Fi: "auditointitodistus uusittu", Sv: "granskningsintyget förnyat"},
			// fi OTV 4.5 "tiedon siitä, jos sovellustoimittaja päättää ... vetää
			// sen markkinoilta".
			"give-app-withdrawal-notice": {En: "withdrawal notice", Fi: "ilmoitus markkinoilta vetämisestä", Sv: "anmälan om tillbakadragande"},
			// fi translation (OTV 4.5 "vähintään yhtä kuukautta ennen").
			"notice-elapsed": {En: "notice period elapsed", Fi: "ilmoitusaika kulunut", Sv: "anmälningstiden har gått ut"},
			// fi OTV 8 "oikeus poistaa hyvinvointisovellus".
			"remove-app": {En: "removed by Kela", Fi: "poistaminen palvelusta", Sv: "avlägsnande av FPA"},
		},
	},
}

// serviceLabels are the names of SPEC §2. The Finnish names are the
// sources' own. Of the Swedish ones, YLS names the prescription service, the
// two data repositories (YLS 2, 7, 17), the consent service (YLS 4.2, 14)
// and the medicines database (YLS 3); the other four are this library's
// translations. (SPEC §2 counts the consent service and the medicines
// database among the translations; YLS uses both names.)
var serviceLabels = map[ServiceID]Label{
	// fi REK "Resepti-palvelu"; sv YLS 2, 17.2.
	Prescription: {En: "prescription service", Fi: "Resepti", Sv: "Recepttjänsten"},
	// fi YTE 3.1, REK; sv YLS 2, 17.1.
	PatientDataRepository: {En: "patient data repository", Fi: "Potilastietovaranto", Sv: "Patientdataarkivet"},
	// fi SAT; sv YLS 2, 17.1.
	SocialWelfareClientDataRepository: {En: "social welfare client data repository", Fi: "Sosiaalihuollon asiakastietovaranto", Sv: "Klientdataarkivet för socialvården"},
	// fi REK; sv translation.
	ImagingDataRepository: {En: "imaging data repository", Fi: "Kuva-aineistojen tietovaranto", Sv: "Bilddataarkivet"},
	// fi SAT; sv YLS 4.2, 14.
	ConsentService: {En: "consent service", Fi: "Tahdonilmaisupalvelu", Sv: "Viljeyttringstjänsten"},
	// fi REK; the name is the same in Swedish (translation: no Swedish source names it).
	Kelain: {En: "Kelain", Fi: "Kelain", Sv: "Kelain"},
	// fi OTV; sv translation.
	MyDataRepository: {En: "my data repository", Fi: "Omatietovaranto", Sv: "Egna datalagret"},
	// fi REK "Lääketietokanta-palvelu"; sv YLS 3.
	MedicinesDatabase: {En: "medicines database", Fi: "Lääketietokanta", Sv: "Läkemedelsdatabasen"},
	// fi REK; sv translation.
	CustomerTestService: {En: "Kanta customer test service", Fi: "Kanta-asiakastestipalvelu", Sv: "Kanta-kundtesttjänsten"},
}

// kindLabels are the customer kinds of SPEC §1. The Finnish words are YTE 1's
// and REK's. The Swedish ones are translations built on YLS 1's wording
// ("tillhandahållare av privata social- och/eller hälsotjänster"), except
// where noted.
var kindLabels = map[Kind]Label{
	// fi YTE 1 "julkisen ... terveydenhuollon ... palvelunantaja".
	PublicHealthCareProvider: {En: "public health care provider", Fi: "julkisen terveydenhuollon palvelunantaja", Sv: "tillhandahållare av offentliga hälsotjänster"},
	// fi YTE 1; sv YLS 1 "tillhandahållare av privata ... hälsotjänster".
	PrivateHealthCareProvider: {En: "private health care provider", Fi: "yksityisen terveydenhuollon palvelunantaja", Sv: "tillhandahållare av privata hälsotjänster"},
	// fi YTE 1, SAT.
	PublicSocialWelfareProvider: {En: "public social welfare provider", Fi: "julkisen sosiaalihuollon palvelunantaja", Sv: "tillhandahållare av offentliga socialtjänster"},
	// fi YTE 1, SAT; sv YLS 1 "tillhandahållare av privata socialtjänster".
	PrivateSocialWelfareProvider: {En: "private social welfare provider", Fi: "yksityisen sosiaalihuollon palvelunantaja", Sv: "tillhandahållare av privata socialtjänster"},
	// fi YTE 1, 7 "apteekkari"; sv translation.
	Pharmacist: {En: "pharmacist", Fi: "apteekkari", Sv: "apotekare"},
	// fi YTE 1 "sairaala-apteekki"; sv translation.
	HospitalPharmacy: {En: "hospital pharmacy", Fi: "sairaala-apteekki", Sv: "sjukhusapotek"},
	// fi YTE 1 "Ahvenanmaan maakunnan alueella toimiva sosiaali- ja
	// terveydenhuollon palvelunantaja"; sv translation.
	AlandProvider: {En: "social or health care provider in Åland", Fi: "Ahvenanmaalla toimiva sosiaali- ja terveydenhuollon palvelunantaja", Sv: "tillhandahållare av social- och hälsotjänster på Åland"},
	// fi REK "ammattioikeuden omaava lääkäri tai hammaslääkäri"; sv translation.
	IndependentPractitioner: {En: "licensed doctor or dentist using Kelain", Fi: "ammattioikeuden omaava lääkäri tai hammaslääkäri", Sv: "legitimerad läkare eller tandläkare som använder Kelain"},
	// fi REK "tietojärjestelmätoimittaja"; sv translation (YLS 4.1 says
	// "informationssystemtillverkaren", the maker).
	SystemVendor: {En: "information system vendor", Fi: "tietojärjestelmätoimittaja", Sv: "informationssystemleverantör"},
	// fi OTV 1.1 "sovellustoimittaja", REK; sv translation.
	AppVendor: {En: "wellbeing application vendor", Fi: "hyvinvointisovellustoimittaja", Sv: "leverantör av välbefinnandeapplikationer"},
	// fi REK, YTE 3.8 "Kanta-välittäjä"; sv translation.
	KantaIntermediary: {En: "Kanta intermediary", Fi: "Kanta-välittäjä", Sv: "Kanta-förmedlare"},
	// fi REK "Lääketietokannan välittäjä"; sv translation.
	MedicinesDatabaseIntermediary: {En: "medicines database intermediary", Fi: "Lääketietokannan välittäjä", Sv: "förmedlare av Läkemedelsdatabasen"},
	// fi YTE 1 "muu ... toimija", REK "muut yhteistyötahot"; sv translation.
	OtherActor: {En: "other actor", Fi: "muu toimija", Sv: "annan aktör"},
}
