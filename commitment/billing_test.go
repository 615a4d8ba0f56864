package commitment_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/fees"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func blDay(t *testing.T, s string) notice.Date {
	t.Helper()
	d, err := notice.Parse(s)
	require.NoError(t, err)
	return d
}

var blAccepts = []lifecycle.Document{lifecycle.CommitmentDocument, lifecycle.GeneralTerms, lifecycle.ServiceDescription}

func blExec(t *testing.T, r *commitment.Register, on, party string, cmd commitment.Command) {
	t.Helper()
	_, err := r.Execute(blDay(t, on), party, cmd)
	require.NoError(t, err, "%s %s", on, cmd.Name())
}

// F5: access and billing are separate facts. A suspended service is in use
// but billed only when the policy says so; the use ends on the termination's
// effective day, the first day without the service.
func TestF5_UsageFromHistorySeparatesAccessAndBilling(t *testing.T) {
	r := commitment.NewRegister()
	_, err := r.Add(commitment.Customer{ID: "clinic", Kind: lifecycle.PrivateHealthCareProvider})
	require.NoError(t, err)
	p := lifecycle.Prescription
	blExec(t, r, "2025-01-10", "clinic", commitment.RequestService{Service: p, Signatory: lifecycle.TradeRegister, Accepts: blAccepts})
	blExec(t, r, "2025-01-15", "clinic", commitment.ApproveService{Service: p})
	blExec(t, r, "2025-03-10", "clinic", commitment.SuspendService{Service: p, Reason: lifecycle.Endangers})
	blExec(t, r, "2025-03-20", "clinic", commitment.DemonstrateCorrection{Service: p})
	blExec(t, r, "2025-04-15", "clinic", commitment.GiveTerminationNotice{Service: p, Effective: blDay(t, "2025-06-01"), Reason: lifecycle.Reorganisation})
	require.NoError(t, r.Advance(blDay(t, "2025-06-30")))

	c, _ := r.Commitment("clinic")
	for _, tc := range []struct {
		policy   commitment.UsagePolicy
		billable []bool
	}{
		{commitment.UsagePolicy{}, []bool{true, false, true}},
		{commitment.UsagePolicy{BillSuspended: true}, []bool{true, true, true}},
	} {
		u := c.Usage(tc.policy)
		require.Len(t, u, 3)
		assert.Equal(t, "2025-01-15", u[0].From.String())
		assert.Equal(t, "2025-03-10", u[0].Until.String())
		assert.Equal(t, "2025-03-10", u[1].From.String())
		assert.Equal(t, "2025-03-20", u[1].Until.String())
		assert.Equal(t, "2025-03-20", u[2].From.String())
		assert.Equal(t, "2025-06-01", u[2].Until.String(), "the use ends on the effective day")
		for i, want := range tc.billable {
			assert.Equal(t, want, u[i].Billable, "interval %d with %+v", i, tc.policy)
		}
	}
}

// F3, J8 (YLS 18): the main connector is liable for its tenant's usage fees,
// so the tenant's use is billed to it, for the days the agreement was in
// force while the main connector used the service.
func TestYLS18_F3_J8_TenantUseIsBilledToTheMainConnector(t *testing.T) {
	r := commitment.NewRegister()
	_, err := r.Add(commitment.Customer{ID: "main", Kind: lifecycle.PrivateHealthCareProvider, Soteri: true})
	require.NoError(t, err)
	_, err = r.Add(commitment.Customer{ID: "tenant", Kind: lifecycle.PrivateHealthCareProvider, Soteri: true})
	require.NoError(t, err)
	p := lifecycle.Prescription
	blExec(t, r, "2025-01-10", "main", commitment.RequestService{Service: p, Signatory: lifecycle.TradeRegister, Accepts: blAccepts})
	blExec(t, r, "2025-01-15", "main", commitment.ApproveService{Service: p})
	blExec(t, r, "2025-02-10", "", commitment.SignJointAgreement{ID: "a1", Main: "main", Tenant: "tenant", Services: []lifecycle.ServiceID{p}})
	blExec(t, r, "2025-03-31", "", commitment.GiveJointAgreementNotice{Agreement: "a1", By: "tenant", Effective: blDay(t, "2025-05-01")})
	require.NoError(t, r.Advance(blDay(t, "2025-05-31")))

	var tenantUse []fees.Usage
	for _, u := range r.Usage(commitment.UsagePolicy{}) {
		if u.Customer == "tenant" {
			tenantUse = append(tenantUse, u)
		}
	}
	require.Len(t, tenantUse, 1)
	assert.Equal(t, "main", tenantUse[0].Payer)
	assert.Equal(t, "2025-02-10", tenantUse[0].From.String())
	assert.Equal(t, "2025-05-01", tenantUse[0].Until.String())

	tariff, err := fees.IllustrativeTariff(fees.WholeMonth)
	require.NoError(t, err)
	invoices, err := fees.Bill(tariff, blDay(t, "2025-03-01"), r.Usage(commitment.UsagePolicy{}), nil)
	require.NoError(t, err)
	require.Len(t, invoices, 1, "one invoice: the main connector pays for both")
	assert.Equal(t, "main", invoices[0].Payer)
	customers := map[string]bool{}
	for _, l := range invoices[0].Lines {
		customers[l.Customer] = true
	}
	assert.Equal(t, map[string]bool{"main": true, "tenant": true}, customers)
}

// C5: after a transfer with Kela's consent the receiving customer is billed
// for its own days.
func TestYTE7_C5_TransferSplitsTheBilledCustomer(t *testing.T) {
	r := commitment.NewRegister()
	_, err := r.Add(commitment.Customer{ID: "old", Kind: lifecycle.Pharmacist})
	require.NoError(t, err)
	_, err = r.Add(commitment.Customer{ID: "new", Kind: lifecycle.Pharmacist})
	require.NoError(t, err)
	p := lifecycle.Prescription
	blExec(t, r, "2025-01-10", "old", commitment.RequestService{Service: p, Signatory: lifecycle.TradeRegister, Accepts: blAccepts})
	blExec(t, r, "2025-01-15", "old", commitment.ApproveService{Service: p})
	blExec(t, r, "2025-04-01", "old", commitment.TransferCommitment{To: commitment.Customer{ID: "new"}, KelaConsent: true})

	c, ok := r.Commitment("new")
	require.True(t, ok)
	u := c.Usage(commitment.UsagePolicy{})
	require.Len(t, u, 2)
	assert.Equal(t, "old", u[0].Customer)
	assert.Equal(t, "2025-04-01", u[0].Until.String())
	assert.Equal(t, "new", u[1].Customer)
	assert.True(t, u[1].Until.IsZero(), "still running")
}

// C5, OTV 8: an app vendor's commitment is signed when it registers an app,
// so it can be transferred with Kela's consent while an app is live.
func TestOTV8_C5_AppVendorCommitmentCanBeTransferred(t *testing.T) {
	r := commitment.NewRegister()
	_, err := r.Add(commitment.Customer{ID: "vendor", Kind: lifecycle.AppVendor})
	require.NoError(t, err)
	_, err = r.Add(commitment.Customer{ID: "buyer", Kind: lifecycle.AppVendor})
	require.NoError(t, err)
	blExec(t, r, "2025-01-10", "vendor", commitment.RegisterApp{App: "steps", Signatory: lifecycle.TradeRegister})
	blExec(t, r, "2025-03-01", "vendor", commitment.TransferCommitment{To: commitment.Customer{ID: "buyer"}, KelaConsent: true})
	c, ok := r.Commitment("buyer")
	require.True(t, ok)
	app, ok := c.App("steps")
	require.True(t, ok)
	assert.Equal(t, lifecycle.Registered, app.State)

	_, err = r.Add(commitment.Customer{ID: "third", Kind: lifecycle.AppVendor})
	require.NoError(t, err)
	_, err = r.Execute(blDay(t, "2025-03-02"), "vendor", commitment.TransferCommitment{To: commitment.Customer{ID: "third"}, KelaConsent: true})
	var refusal *lifecycle.Refusal
	require.ErrorAs(t, err, &refusal)
	require.Len(t, refusal.Blockers, 1)
	assert.Equal(t, lifecycle.C5, refusal.Blockers[0].Rule)
	assert.Contains(t, refusal.Blockers[0].Reason, "no commitment in force to transfer", "the giver has none left")

	_, err = r.Execute(blDay(t, "2025-03-02"), "third", commitment.RegisterApp{App: "sleep", Signatory: lifecycle.TradeRegister})
	require.NoError(t, err)
	_, err = r.Execute(blDay(t, "2025-03-03"), "third", commitment.TransferCommitment{To: commitment.Customer{ID: "buyer"}, KelaConsent: true})
	require.ErrorAs(t, err, &refusal)
	assert.Contains(t, refusal.Blockers[0].Reason, "already holds a commitment", "the receiver holds one already")
}

// C6: a pharmacist's commitment covers its pharmacies, so it passes only to
// another pharmacist (the pharmacist changes, YTE 3.8), never to a customer
// whose commitment cannot cover pharmacies.
func TestYTE7_C6_PharmaciesPassOnlyToAPharmacist(t *testing.T) {
	r := commitment.NewRegister()
	for _, c := range []commitment.Customer{
		{ID: "apteekkari", Kind: lifecycle.Pharmacist},
		{ID: "seuraaja", Kind: lifecycle.Pharmacist},
		{ID: "klinikka", Kind: lifecycle.PrivateHealthCareProvider},
	} {
		_, err := r.Add(c)
		require.NoError(t, err)
	}
	blExec(t, r, "2025-01-10", "apteekkari", commitment.RequestService{Service: lifecycle.Prescription, Signatory: lifecycle.TradeRegister, Accepts: blAccepts})
	blExec(t, r, "2025-01-11", "apteekkari", commitment.AddPharmacy{Pharmacy: "Sivuapteekki"})

	_, err := r.Execute(blDay(t, "2025-02-01"), "apteekkari", commitment.TransferCommitment{To: commitment.Customer{ID: "klinikka"}, KelaConsent: true})
	assert.ErrorIs(t, err, lifecycle.C6)

	blExec(t, r, "2025-02-01", "apteekkari", commitment.TransferCommitment{To: commitment.Customer{ID: "seuraaja"}, KelaConsent: true})
	c, _ := r.Commitment("seuraaja")
	assert.Equal(t, []string{"Sivuapteekki"}, c.Pharmacies())
}

// SPEC §5 "Late notices": a late change notification is recorded as a
// breach; editing the history to erase it is refused on restore.
func TestYTE38_LateNotificationCannotBeErasedFromTheHistory(t *testing.T) {
	c, err := commitment.New(commitment.Customer{ID: "x", Kind: lifecycle.KantaIntermediary})
	require.NoError(t, err)
	_, err = c.Execute(blDay(t, "2025-03-10"), commitment.NotifyChange{Rule: notice.TechnicalChange, Effective: blDay(t, "2025-03-20")})
	require.NoError(t, err)
	b, err := json.Marshal(c)
	require.NoError(t, err)
	require.Contains(t, string(b), `"late":true`)
	_, err = commitment.Restore(b)
	require.NoError(t, err)
	forged := strings.Replace(string(b), `"late":true,`, ``, 1)
	_, err = commitment.Restore([]byte(forged))
	assert.Error(t, err)
}

// J5, J10: when a party's own command brings time past an agreement's
// effective day, the agreement has ended by then, without a separate
// Advance.
func TestYLS20_J10_AgreementEndsWhenItsPartysTimePassesIt(t *testing.T) {
	r := commitment.NewRegister()
	for _, id := range []string{"main", "tenant"} {
		_, err := r.Add(commitment.Customer{ID: id, Kind: lifecycle.PrivateHealthCareProvider, Soteri: true})
		require.NoError(t, err)
	}
	p := lifecycle.Prescription
	blExec(t, r, "2025-01-10", "main", commitment.RequestService{Service: p, Signatory: lifecycle.TradeRegister, Accepts: blAccepts})
	blExec(t, r, "2025-01-15", "main", commitment.ApproveService{Service: p})
	blExec(t, r, "2025-02-01", "", commitment.SignJointAgreement{ID: "a", Main: "main", Tenant: "tenant", Services: []lifecycle.ServiceID{p}})
	blExec(t, r, "2025-02-10", "", commitment.GiveJointAgreementNotice{Agreement: "a", By: "main", Effective: blDay(t, "2025-03-11")})
	blExec(t, r, "2025-04-01", "main", commitment.SuspendService{Service: p, Reason: lifecycle.Endangers})
	a, _ := r.Agreement("a")
	assert.Equal(t, lifecycle.Ended, a.State)
	assert.Equal(t, "2025-03-11", a.Ended.String())
	require.Len(t, r.TenantUses("tenant"), 1)
	assert.Equal(t, lifecycle.Terminated, r.TenantUses("tenant")[0].State)
}

// SPEC §10: every command leaves the customership where its services put
// it, so a history that was cut between a service's approval and the
// customership's transition is refused.
func TestSPEC10_ReplayRefusesACustomershipItsServicesContradict(t *testing.T) {
	c, err := commitment.New(commitment.Customer{ID: "x", Kind: lifecycle.IndependentPractitioner})
	require.NoError(t, err)
	_, err = c.Execute(blDay(t, "2025-01-01"), commitment.RequestService{Service: lifecycle.Kelain, Signatory: lifecycle.TradeRegister, Accepts: blAccepts})
	require.NoError(t, err)
	_, err = c.Execute(blDay(t, "2025-01-02"), commitment.ApproveService{Service: lifecycle.Kelain})
	require.NoError(t, err)
	h := c.History()
	last := h[len(h)-1]
	require.IsType(t, commitment.CodeServiceInformed{}, last)
	cut := append([]commitment.Event(nil), h[:len(h)-2]...) // drop applied -> active
	cut = append(cut, last)
	_, err = commitment.Replay(cut)
	var ie *commitment.InputError
	assert.ErrorAs(t, err, &ie)
	_, err = commitment.Replay(h)
	assert.NoError(t, err)
}
