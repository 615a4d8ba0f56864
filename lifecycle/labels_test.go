package lifecycle

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// definedMachines are all the machines this package defines, registered in
// Machines or not yet: every one of them needs its words before it is drawn.
func definedMachines() []Describer {
	return []Describer{CustomershipMachine(), ServiceMachine(), AgreementMachine(), AppMachine()}
}

// A state or event without words would be drawn by its identifier alone:
// this test is where a new one is noticed.
func TestLabels_EveryStateAndEventOfEveryMachineHasWordsInEnFiSv(t *testing.T) {
	for _, m := range definedMachines() {
		d := m.Describe()
		t.Run(d.Name, func(t *testing.T) {
			for _, s := range d.States {
				l, ok := StateLabel(d.Name, s.ID)
				if assert.True(t, ok, "state %s has no label", s.ID) {
					assert.True(t, l.Complete(), "state %s lacks a language: %+v", s.ID, l)
				}
			}
			seen := map[EventID]bool{}
			for _, tr := range d.Transitions {
				if seen[tr.Event] {
					continue
				}
				seen[tr.Event] = true
				l, ok := EventLabel(d.Name, tr.Event)
				if assert.True(t, ok, "event %s has no label", tr.Event) {
					assert.True(t, l.Complete(), "event %s lacks a language: %+v", tr.Event, l)
				}
			}
		})
	}
}

// A label for an identifier the machine does not have is a typo or a
// leftover of a rename.
func TestLabels_NameOnlyStatesAndEventsTheMachinesHave(t *testing.T) {
	defined := map[string]Description{}
	for _, m := range definedMachines() {
		defined[m.Describe().Name] = m.Describe()
	}
	for name, v := range machineLabels {
		d, ok := defined[name]
		require.True(t, ok, "labels for an unknown machine %q", name)
		states := map[State]bool{}
		for _, s := range d.States {
			states[s.ID] = true
		}
		events := map[EventID]bool{}
		for _, tr := range d.Transitions {
			events[tr.Event] = true
		}
		for s := range v.states {
			assert.True(t, states[s], "%s has no state %q", name, s)
		}
		for e := range v.events {
			assert.True(t, events[e], "%s has no event %q", name, e)
		}
	}
}

// SPEC §2: the services' names in the three languages; the Finnish names and
// the Swedish names the sources use are theirs, verbatim.
func TestSPEC2_EveryServiceHasItsNames(t *testing.T) {
	for _, id := range Services() {
		l, ok := ServiceLabel(id)
		if assert.True(t, ok, id) {
			assert.True(t, l.Complete(), "%s: %+v", id, l)
		}
	}
	for id, want := range map[ServiceID][2]string{
		Prescription:                      {"Resepti", "Recepttjänsten"},
		PatientDataRepository:             {"Potilastietovaranto", "Patientdataarkivet"},
		SocialWelfareClientDataRepository: {"Sosiaalihuollon asiakastietovaranto", "Klientdataarkivet för socialvården"},
		ConsentService:                    {"Tahdonilmaisupalvelu", "Viljeyttringstjänsten"},
		MedicinesDatabase:                 {"Lääketietokanta", "Läkemedelsdatabasen"},
		MyDataRepository:                  {"Omatietovaranto", "Egna datalagret"},
	} {
		l, _ := ServiceLabel(id)
		assert.Equal(t, want[0], l.In(Finnish), id)
		assert.Equal(t, want[1], l.In(Swedish), id)
	}
	_, ok := ServiceLabel("a-catalogue-addition")
	assert.False(t, ok, "a service a catalogue added has no built-in name")
}

// SPEC §1: every customer kind has its words.
func TestSPEC1_EveryCustomerKindHasItsWords(t *testing.T) {
	for _, k := range Kinds() {
		l, ok := KindLabel(k)
		if assert.True(t, ok, k) {
			assert.True(t, l.Complete(), "%s: %+v", k, l)
		}
	}
	l, _ := KindLabel(Pharmacist)
	assert.Equal(t, "apteekkari", l.In(Finnish), "YTE 1")
	_, ok := KindLabel("hospital")
	assert.False(t, ok)
}

// The same identifier means different things in different machines: an
// active customership is in force, an active service is in use.
func TestLabels_ArePerMachine(t *testing.T) {
	c, ok := StateLabel("customership", Active)
	require.True(t, ok)
	s, ok := StateLabel("service", Active)
	require.True(t, ok)
	assert.Equal(t, "voimassa", c.In(Finnish), "YTE 7: asiakkuus on voimassa")
	assert.Equal(t, "käytössä", s.In(Finnish), "YTE 7.1: käytössään olevat palvelut")
	_, ok = StateLabel("lamp", Active)
	assert.False(t, ok, "an unknown machine has no labels")
}

// Labels end up inside Mermaid and Graphviz strings and on one terminal
// line: no quotes, markup or line breaks.
func TestLabels_AreSafeInDiagrams(t *testing.T) {
	var all []Label
	for _, v := range machineLabels {
		for _, l := range v.states {
			all = append(all, l)
		}
		for _, l := range v.events {
			all = append(all, l)
		}
	}
	for _, l := range serviceLabels {
		all = append(all, l)
	}
	for _, l := range kindLabels {
		all = append(all, l)
	}
	for _, l := range all {
		for _, lang := range Langs() {
			w := l.In(lang)
			assert.Equal(t, strings.TrimSpace(w), w, "%q", w)
			assert.False(t, strings.ContainsAny(w, "\"<>\n\r;#`"), "%q", w)
		}
	}
}

func TestParseLang_AcceptsEnFiSvOnly(t *testing.T) {
	for _, l := range Langs() {
		got, err := ParseLang(string(l))
		require.NoError(t, err)
		assert.Equal(t, l, got)
	}
	_, err := ParseLang("se")
	var u *UnknownError
	require.ErrorAs(t, err, &u)
	assert.Equal(t, `unknown language "se" (known: en, fi, sv)`, err.Error())
	assert.Equal(t, "in use", Label{En: "in use", Fi: "käytössä"}.In("de"), "an unknown language falls back to English")
}

func ExampleStateLabel() {
	for _, lang := range Langs() {
		l, _ := StateLabel("service", NoticeGiven)
		s, _ := ServiceLabel(SocialWelfareClientDataRepository)
		fmt.Printf("%s: %s — %s\n", lang, l.In(lang), s.In(lang))
	}
	// Output:
	// en: under notice — social welfare client data repository
	// fi: irtisanottu — Sosiaalihuollon asiakastietovaranto
	// sv: uppsagd — Klientdataarkivet för socialvården
}
