// Package fees models the money side of the Kanta services customer
// commitment: the usage fees Kela charges (YTE 6, OTV 7), who pays them for a
// joint-connection tenant (YLS 18), and how far each party is liable when
// something goes wrong (YTE 5, OTV 6, YTE 3.1, OTV 4.7). The rules are F1–F6
// and L1–L5 of the rule book (docs/rules.md); each is applied at one place
// that names it, and every refusal is an *Error carrying its Rule, the rule's
// clause and the offending input.
//
// Fees are set by the social and health ministry's decree in force at the time
// (F1), so a Tariff is data, not code: values per service, and per customer
// kind where a decree distinguishes them, each with its validity dates and its
// legal reference (F6). A lookup on a day returns the value in force that day,
// a kind-specific value before a general one; overlapping values for the same
// service, kind and fee kind are refused when the tariff is built.
// Omatietovaranto is free for now (F4, OTV 7): a zero value with its own
// validity and reference, not a constant. The sources give no amounts, so
// IllustrativeTariff is ILLUSTRATIVE: its invented amounts say so in their
// reference, and none pretends to be the decree's.
//
// Bill turns usage intervals, which a higher layer derives from a commitment's
// history, into one invoice a month per payer. Access and billing are separate
// facts (F5): an interval says whether its days are billable. Proration at
// activation and termination is the tariff's explicit policy, chosen when it
// is built and never defaulted: WholeMonth charges the full monthly value for a
// month with any billable day (at the value in force on the first billed day);
// ByDay charges value × billable days / days in the month. A tenant's use names
// its main connector as payer, who is liable for the tenant's fees (F3 and J8,
// YLS 18). YLS 19 (the main connector's own liability towards the tenant, J9)
// belongs to the joint agreement; this package computes no claims between
// them.
//
// Money is exact: an Amount is decimal euros in whole cents, never floating
// point (F2). Input amounts are non-negative with at most two decimals; output
// always has exactly two. Money is rounded in one place, RoundCents: to the
// cent, half away from zero, the rule of ordinary commercial practice and of
// the euro regulation (EC) No 1103/97; a prorated fee is computed as one exact
// fraction and rounded once.
//
// Kela is not liable for damage unless mandatory law provides otherwise (L1),
// and then at most up to a cap (L2): what the customer paid for the service in
// the month preceding the damage or the computed monthly fee. "The month
// preceding the damage" has two readings: by default the calendar month before
// the damage's month (CalendarMonth); the other, chosen explicitly, is the
// month-long period from damage − 1 month (act 150/1930 §4, clamped to the
// month's end) to damage − 1 day, both included (RollingMonth). The cap is what
// was paid in that window when any payment for the service falls in it,
// otherwise the monthly fee when one is known, otherwise zero (a design
// reading). A customer pays Kela's extra costs caused by its systems' faults
// once notified in advance (L3), damage and costs in full for intentional,
// grossly negligent or criminal faults (L4), and answers for its subcontractors
// and tenants, an app vendor for its partners and subcontractors, as for
// itself (L5).
//
// Input is bounded so that no input can cost much: ParseAmount reads at most
// MaxAmountDigits digits before the point and refuses longer amounts before
// any arithmetic; a ledger line is at most MaxPaymentLine bytes; and
// ReadLiabilityCap reads a ledger one payment at a time, in memory that does
// not grow with it. Input that cannot be read at all is a Malformed *Error:
// it quotes an excerpt of the input (notice.Excerpt) and cites no rule, since
// no rule was applied to it.
//
// Intervals follow one convention: a field named Until is the first day no
// longer included (a termination's effective day; zero means open-ended), a
// field named To is the last day included. Dates are notice.Date civil dates;
// all date arithmetic is notice's, and no rule reads the clock.
//
// Service identifiers and customer kinds are plain strings, the stable
// identifiers of lifecycle.ServiceID and lifecycle.Kind ("prescription",
// "pharmacist"): this leaf package depends only on the standard library,
// shopspring/decimal, notice and rules, not on lifecycle.
package fees
