package commitment_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/fees"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/rules"
)

// Billing intervals (Usage) derived from the history: from Kela's approval
// to the first day without the service, split where it is suspended,
// billed to whom the terms say (F3, F5, J8, C5).

// intervals returns usage as one line per interval: "customer[>payer]
// service from..until billable|free note", until "open" while it runs.
func intervals(usage []fees.Usage) []string {
	out := make([]string, len(usage))
	for i, u := range usage {
		who := u.Customer
		if u.Payer != "" {
			who += ">" + u.Payer
		}
		until := "open"
		if !u.Until.IsZero() {
			until = u.Until.String()
		}
		billed := "free"
		if u.Billable {
			billed = "billable"
		}
		out[i] = fmt.Sprintf("%s %s %s..%s %s %s", who, u.Service, u.From, until, billed, u.Note)
	}
	return out
}

// usageOf returns the intervals of customer among usage.
func usageOf(usage []fees.Usage, customer string) []fees.Usage {
	var out []fees.Usage
	for _, u := range usage {
		if u.Customer == customer {
			out = append(out, u)
		}
	}
	return out
}

// F5: access and billing are separate facts. A suspended service is in use
// but billed only when the policy says so; the use ends on the
// termination's effective day, the first day without the service.
func TestF5_UsageSeparatesAccessAndBilling(t *testing.T) {
	c := newClinic(t)
	mustExec(t, c, "2025-01-10", firstRequest(prescription))
	mustExec(t, c, "2025-01-15", lifecycle.ApproveService{Service: prescription})
	mustExec(t, c, "2025-03-10", lifecycle.SuspendService{Service: prescription, Reason: lifecycle.Endangers})
	mustExec(t, c, "2025-03-20", lifecycle.DemonstrateCorrection{Service: prescription})
	mustExec(t, c, "2025-04-15", lifecycle.GiveTerminationNotice{Service: prescription, Effective: day("2025-06-01"), Reason: lifecycle.Reorganisation})
	mustAdvance(t, c, "2025-06-30")

	assert.Equal(t, []string{
		"klinikka prescription 2025-01-15..2025-03-10 billable in use",
		"klinikka prescription 2025-03-10..2025-03-20 free suspended (S4)",
		"klinikka prescription 2025-03-20..2025-06-01 billable in use",
	}, intervals(c.Usage(commitment.UsagePolicy{})))
	assert.Equal(t, []string{
		"klinikka prescription 2025-01-15..2025-03-10 billable in use",
		"klinikka prescription 2025-03-10..2025-03-20 billable suspended (S4)",
		"klinikka prescription 2025-03-20..2025-06-01 billable in use",
	}, intervals(c.Usage(commitment.UsagePolicy{BillSuspended: true})))
	for _, u := range c.Usage(commitment.UsagePolicy{}) {
		assert.Equal(t, string(lifecycle.PrivateHealthCareProvider), u.CustomerKind)
		assert.Empty(t, u.Payer, "the customer pays for itself")
	}
}

// The edges of an interval: an application never approved is never billed;
// a use still running is open; a service approved and ended the same day
// has no day of use; a suspended service receiving notice ends suspended on
// the effective day; a suspension repeated while suspended is one interval;
// a service taken into use again after its termination starts anew.
func TestF5_UsageEdges(t *testing.T) {
	t.Run("requested, never approved", func(t *testing.T) {
		c := newClinic(t)
		mustExec(t, c, "2025-01-10", firstRequest(prescription))
		mustExec(t, c, "2025-02-10", lifecycle.WithdrawApplication{Service: prescription})
		assert.Empty(t, c.Usage(commitment.UsagePolicy{BillSuspended: true}))
	})
	t.Run("still in use", func(t *testing.T) {
		c := newClinic(t)
		activate(t, c, "2025-01-15", prescription)
		activate(t, c, "2025-02-01", patientData)
		assert.Equal(t, []string{
			"klinikka prescription 2025-01-15..open billable in use",
			"klinikka patient-data-repository 2025-02-01..open billable in use",
		}, intervals(c.Usage(commitment.UsagePolicy{})))
	})
	t.Run("approved and ended the same day", func(t *testing.T) {
		c := newClinic(t)
		activate(t, c, "2025-01-15", prescription)
		mustExec(t, c, "2025-01-15", lifecycle.TerminateByAuthority{Service: prescription})
		assert.Empty(t, c.Usage(commitment.UsagePolicy{}))
	})
	t.Run("a suspended service receiving notice", func(t *testing.T) {
		c := newClinic(t)
		activate(t, c, "2025-01-15", prescription)
		mustExec(t, c, "2025-03-10", lifecycle.SuspendService{Service: prescription, Reason: lifecycle.Endangers})
		mustExec(t, c, "2025-03-30", lifecycle.GiveTerminationNotice{Service: prescription, Effective: day("2025-04-30"), Reason: lifecycle.OtherChange})
		mustAdvance(t, c, "2025-05-31")
		assert.Equal(t, []string{
			"klinikka prescription 2025-01-15..2025-03-10 billable in use",
			"klinikka prescription 2025-03-10..2025-04-30 free suspended (S4)",
		}, intervals(c.Usage(commitment.UsagePolicy{})))
	})
	t.Run("a suspension still running", func(t *testing.T) {
		c := newClinic(t)
		activate(t, c, "2025-01-15", prescription)
		mustExec(t, c, "2025-03-10", lifecycle.SuspendService{Service: prescription, Reason: lifecycle.Endangers})
		assert.Equal(t, []string{
			"klinikka prescription 2025-01-15..2025-03-10 billable in use",
			"klinikka prescription 2025-03-10..open free suspended (S4)",
		}, intervals(c.Usage(commitment.UsagePolicy{})), "an open interval says it is suspended, as a closed one does")
	})
	t.Run("suspended again while suspended", func(t *testing.T) {
		c := newClinic(t)
		activate(t, c, "2025-01-15", prescription)
		mustExec(t, c, "2025-03-10", lifecycle.SuspendService{Service: prescription, Reason: lifecycle.Endangers})
		mustExec(t, c, "2025-03-15", lifecycle.SuspendService{All: true, Reason: lifecycle.Endangers})
		mustExec(t, c, "2025-03-20", lifecycle.DemonstrateCorrection{All: true})
		assert.Equal(t, []string{
			"klinikka prescription 2025-01-15..2025-03-10 billable in use",
			"klinikka prescription 2025-03-10..2025-03-20 free suspended (S4)",
			"klinikka prescription 2025-03-20..open billable in use",
		}, intervals(c.Usage(commitment.UsagePolicy{})))
	})
	t.Run("corrected while under notice", func(t *testing.T) {
		c := newClinic(t)
		activate(t, c, "2025-01-15", prescription)
		mustExec(t, c, "2025-03-10", lifecycle.GiveTerminationNotice{Service: prescription, Effective: day("2025-05-01"), Reason: lifecycle.OtherChange})
		mustExec(t, c, "2025-03-20", lifecycle.SuspendService{Service: prescription, Reason: lifecycle.Endangers})
		mustExec(t, c, "2025-03-25", lifecycle.DemonstrateCorrection{Service: prescription})
		require.Equal(t, lifecycle.NoticeGiven, c.State(prescription))
		mustAdvance(t, c, "2025-05-01")
		assert.Equal(t, []string{
			"klinikka prescription 2025-01-15..2025-03-20 billable in use",
			"klinikka prescription 2025-03-20..2025-03-25 free suspended (S4)",
			"klinikka prescription 2025-03-25..2025-05-01 billable in use",
		}, intervals(c.Usage(commitment.UsagePolicy{})))
	})
	t.Run("taken into use again", func(t *testing.T) {
		c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-15", prescription, patientData)
		mustExec(t, c, "2025-02-01", lifecycle.TerminateByAuthority{Service: prescription})
		activate(t, c, "2025-03-01", prescription)
		var p []fees.Usage
		for _, u := range c.Usage(commitment.UsagePolicy{}) {
			if u.Service == string(prescription) {
				p = append(p, u)
			}
		}
		assert.Equal(t, []string{
			"y-private-health-care-provider prescription 2025-01-15..2025-02-01 billable in use",
			"y-private-health-care-provider prescription 2025-03-01..open billable in use",
		}, intervals(p))
	})
}

// Usage feeds fees.Bill: a month's invoice bills each day of use once, the
// first day without the service not at all.
func TestF5_UsageIsBilledByTheDay(t *testing.T) {
	c := newClinic(t)
	activate(t, c, "2025-01-15", prescription)
	mustExec(t, c, "2025-02-20", lifecycle.SuspendService{Service: prescription, Reason: lifecycle.Endangers})
	mustExec(t, c, "2025-02-25", lifecycle.DemonstrateCorrection{Service: prescription})
	mustExec(t, c, "2025-02-25", lifecycle.GiveTerminationNotice{Service: prescription, Effective: day("2025-03-31"), Reason: lifecycle.OtherChange})
	mustAdvance(t, c, "2025-04-30")
	tariff, err := fees.IllustrativeTariff(fees.ByDay)
	require.NoError(t, err)

	days := func(month string) int {
		invoices, err := fees.Bill(tariff, day(month), c.Usage(commitment.UsagePolicy{}), nil)
		require.NoError(t, err)
		n := 0
		for _, inv := range invoices {
			assert.Equal(t, clinicParty, inv.Payer)
			for _, l := range inv.Lines {
				n += l.Days
			}
		}
		return n
	}
	assert.Equal(t, 17, days("2025-01-01"), "15 to 31 January")
	assert.Equal(t, 28-5, days("2025-02-01"), "February but the five suspended days, 20 to 24")
	assert.Equal(t, 30, days("2025-03-01"), "1 to 30 March: 31 March is the first day without it")
	assert.Zero(t, days("2025-04-01"))
}

// C5: a commitment transferred away closes the giver's intervals on the
// transfer day and starts the receiver's that day, as they were (in use or
// suspended): each customer is billed for its own days, and no day twice.
// (The old suite read both customers' intervals from the receiver; the
// giver now keeps its own history, so each has its own.)
func TestC5_TransferSplitsTheBilledCustomer(t *testing.T) {
	r := register(t, party("vanha", lifecycle.Pharmacist), party("uusi", lifecycle.Pharmacist))
	activateIn(t, r, "2025-01-15", "vanha", prescription)
	activateIn(t, r, "2025-01-15", "vanha", kelain)
	mustRun(t, r, "2025-03-10", "vanha", lifecycle.SuspendService{Service: kelain, Reason: lifecycle.Endangers})
	mustRun(t, r, "2025-04-01", "vanha", lifecycle.TransferCommitment{To: "uusi", KelaConsent: true})

	assert.ElementsMatch(t, []string{
		"vanha prescription 2025-01-15..2025-04-01 billable in use",
		"vanha kelain 2025-01-15..2025-03-10 billable in use",
		"vanha kelain 2025-03-10..2025-04-01 free suspended (S4)",
	}, intervals(commitmentIn(t, r, "vanha").Usage(commitment.UsagePolicy{})), "the giver's intervals end on the transfer day")
	assert.Equal(t, []string{
		"uusi prescription 2025-04-01..open billable in use",
		"uusi kelain 2025-04-01..open free suspended (S4)",
	}, intervals(commitmentIn(t, r, "uusi").Usage(commitment.UsagePolicy{})), "the receiver's start that day, as they were")

	mustRun(t, r, "2025-04-10", "uusi", lifecycle.DemonstrateCorrection{Service: kelain})
	assert.ElementsMatch(t, []string{
		"uusi prescription 2025-04-01..open billable in use",
		"uusi kelain 2025-04-01..2025-04-10 free suspended (S4)",
		"uusi kelain 2025-04-10..open billable in use",
	}, intervals(commitmentIn(t, r, "uusi").Usage(commitment.UsagePolicy{})))

	tariff, err := fees.IllustrativeTariff(fees.ByDay)
	require.NoError(t, err)
	for _, month := range []string{"2025-03-01", "2025-04-01"} {
		invoices, err := fees.Bill(tariff, day(month), r.Usage(commitment.UsagePolicy{BillSuspended: true}), nil)
		require.NoError(t, err)
		days := map[string]int{}
		for _, inv := range invoices {
			for _, l := range inv.Lines {
				if l.Service == string(prescription) {
					days[l.Customer] += l.Days
				}
			}
		}
		if month == "2025-03-01" {
			assert.Equal(t, map[string]int{"vanha": 31}, days, "March is the giver's")
		} else {
			assert.Equal(t, map[string]int{"uusi": 30}, days, "April is the receiver's, from the transfer day")
		}
	}
}

// C5: a commitment transferred on the day its service was approved leaves
// the giver no day of use; a termination pending at the transfer ends the
// receiver's interval on its effective day.
func TestC5_TransferEdges(t *testing.T) {
	r := register(t, party("vanha", lifecycle.Pharmacist), party("uusi", lifecycle.Pharmacist))
	activateIn(t, r, "2025-01-15", "vanha", prescription)
	activateIn(t, r, "2025-01-15", "vanha", kelain)
	mustRun(t, r, "2025-01-15", "vanha", lifecycle.GiveTerminationNotice{Service: kelain, Effective: day("2025-03-01"), Reason: lifecycle.OtherChange})
	mustRun(t, r, "2025-01-15", "vanha", lifecycle.TransferCommitment{To: "uusi", KelaConsent: true})
	advanceRegister(t, r, "2025-03-31")

	assert.Empty(t, commitmentIn(t, r, "vanha").Usage(commitment.UsagePolicy{}), "transferred on the day of approval: not one day of the giver's")
	assert.ElementsMatch(t, []string{
		"uusi prescription 2025-01-15..open billable in use",
		"uusi kelain 2025-01-15..2025-03-01 billable in use",
	}, intervals(commitmentIn(t, r, "uusi").Usage(commitment.UsagePolicy{})))
}

// F3, J8 (YLS 18): the main connector is liable for its tenant's usage
// fees, so the tenant's use is billed to it, for the days the agreement was
// in force while the main connector used the service: from the signing to
// the agreement's end. fees.Bill puts it on the main connector's invoice,
// citing F3 (YLS 18); the tenant gets no invoice of its own.
func TestJ8_F3_TenantUseIsBilledToTheMainConnector(t *testing.T) {
	r := jointRegister(t)
	signAgreement(t, r, "2025-02-03", "a1", mainConnector, tenantClinic, patientData)
	mustRun(t, r, "2025-03-31", "", lifecycle.GiveJointAgreementNotice{Agreement: "a1", By: tenantClinic, Effective: day("2025-05-01")})
	advanceRegister(t, r, "2025-05-31")

	usage := r.Usage(commitment.UsagePolicy{})
	assert.Equal(t, []string{
		"pieniklinikka>laakarikeskus patient-data-repository 2025-02-03..2025-05-01 billable tenant under a1 (J8)",
	}, intervals(usageOf(usage, tenantClinic)), "only the Annex 1 service, from the signing to the agreement's end")
	assert.Equal(t, string(lifecycle.PrivateHealthCareProvider), usageOf(usage, tenantClinic)[0].CustomerKind, "the tenant's own kind selects the tariff")

	for _, p := range []fees.Proration{fees.ByDay, fees.WholeMonth} {
		tariff, err := fees.IllustrativeTariff(p)
		require.NoError(t, err)
		invoices, err := fees.Bill(tariff, day("2025-02-01"), usage, nil)
		require.NoError(t, err)
		require.Len(t, invoices, 1, "%s: one invoice, the main connector pays for both", p)
		assert.Equal(t, mainConnector, invoices[0].Payer)
		customers := map[string]bool{}
		tenantLines := 0
		for _, l := range invoices[0].Lines {
			customers[l.Customer] = true
			if l.Customer != tenantClinic {
				continue
			}
			tenantLines++
			assert.Equal(t, mainConnector, l.Payer)
			assert.Contains(t, l.Rules, rules.F3)
			assert.Contains(t, l.Clauses(), "YLS 18")
			if p == fees.ByDay {
				assert.Equal(t, 26, l.Days, "3 to 28 February")
			}
		}
		assert.Equal(t, 1, tenantLines, p)
		assert.Equal(t, map[string]bool{mainConnector: true, tenantClinic: true}, customers, p)
	}
	assert.Equal(t, "YLS 18", rules.J8.Clause())
}

// The tenant's intervals follow the main connector's: split where its
// service is suspended (billable as policy says), ended with its use when
// that ends before the agreement; a replacing agreement starts the day the
// replaced one ends, so no day is billed twice.
func TestJ8_TenantIntervalsFollowTheMainConnectorsAndTheAgreements(t *testing.T) {
	r := jointRegister(t)
	signAgreement(t, r, "2025-02-03", "a1", mainConnector, tenantClinic, prescription, patientData)
	mustRun(t, r, "2025-03-10", mainConnector, lifecycle.SuspendService{Service: patientData, Reason: lifecycle.Endangers})
	mustRun(t, r, "2025-03-20", mainConnector, lifecycle.DemonstrateCorrection{Service: patientData})
	mustRun(t, r, "2025-03-20", mainConnector, lifecycle.GiveTerminationNotice{Service: prescription, Effective: day("2025-05-01"), Reason: lifecycle.OtherChange})
	signAgreement(t, r, "2025-04-15", "a2", mainConnector, tenantClinic, patientData)
	advanceRegister(t, r, "2025-06-30")

	usage := r.Usage(commitment.UsagePolicy{})
	assert.ElementsMatch(t, []string{
		"pieniklinikka>laakarikeskus prescription 2025-02-03..2025-04-15 billable tenant under a1 (J8)",
		"pieniklinikka>laakarikeskus patient-data-repository 2025-02-03..2025-03-10 billable tenant under a1 (J8)",
		"pieniklinikka>laakarikeskus patient-data-repository 2025-03-10..2025-03-20 free tenant under a1 (J8)",
		"pieniklinikka>laakarikeskus patient-data-repository 2025-03-20..2025-04-15 billable tenant under a1 (J8)",
		"pieniklinikka>laakarikeskus patient-data-repository 2025-04-15..open billable tenant under a2 (J8)",
	}, intervals(usageOf(usage, tenantClinic)))
	assert.Contains(t, intervals(usageOf(usage, mainConnector)), "laakarikeskus prescription 2025-01-10..2025-05-01 billable in use")

	tariff, err := fees.IllustrativeTariff(fees.ByDay)
	require.NoError(t, err)
	invoices, err := fees.Bill(tariff, day("2025-04-01"), usage, nil)
	require.NoError(t, err, "no interval of the tenant overlaps another")
	days := 0
	for _, inv := range invoices {
		for _, l := range inv.Lines {
			if l.Customer == tenantClinic && l.Service == string(patientData) {
				days += l.Days
			}
		}
	}
	assert.Equal(t, 30, days, "every April day once, across the two agreements")

	t.Run("the main connector's use ends first", func(t *testing.T) {
		r := jointRegister(t)
		signAgreement(t, r, "2025-02-03", "a1", mainConnector, tenantClinic, prescription)
		mustRun(t, r, "2025-03-20", mainConnector, lifecycle.GiveTerminationNotice{Service: prescription, Effective: day("2025-05-01"), Reason: lifecycle.OtherChange})
		advanceRegister(t, r, "2025-06-30")
		assert.Equal(t, []string{
			"pieniklinikka>laakarikeskus prescription 2025-02-03..2025-05-01 billable tenant under a1 (J8)",
		}, intervals(usageOf(r.Usage(commitment.UsagePolicy{}), tenantClinic)))
	})
	t.Run("rescinded the day it was signed", func(t *testing.T) {
		r := jointRegister(t)
		signAgreement(t, r, "2025-02-03", "a1", mainConnector, tenantClinic, prescription)
		mustRun(t, r, "2025-02-03", "", lifecycle.RescindJointAgreement{Agreement: "a1", Reason: "breach"})
		assert.Empty(t, usageOf(r.Usage(commitment.UsagePolicy{}), tenantClinic), "not one day in force")
	})
}

// A tenant makes no application of its own (J1), so an Annex 1 cannot list
// a service the tenant uses, or has applied for, on its own commitment. That
// is also why Register.Usage never gives one customer and service two
// overlapping intervals, which fees.Bill would refuse (J8).
func TestJ1_J8_SigningIsRefusedForAServiceTheTenantUsesOrAppliedFor(t *testing.T) {
	t.Run("in use", func(t *testing.T) {
		r := jointRegister(t)
		activateIn(t, r, "2025-01-10", tenantClinic, prescription)
		err := runError(r, "2025-02-03", "", signing("a1", mainConnector, tenantClinic, prescription))
		refusedBy(t, err, rules.J1, "YLS 2")
	})
	t.Run("applied for", func(t *testing.T) {
		r := jointRegister(t)
		mustRun(t, r, "2025-01-10", tenantClinic, firstRequest(prescription))
		err := runError(r, "2025-02-03", "", signing("a1", mainConnector, tenantClinic, prescription))
		refusedBy(t, err, rules.J1, "YLS 2")
	})
}
