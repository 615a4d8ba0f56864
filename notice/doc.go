// Package notice computes the days of the Kanta terms: civil dates in Finland,
// periods ("two weeks", "one month"), notice terms in their two directions,
// the Finnish working-day calendar, and the notice rules of the terms with
// their clauses (listed with the other rules in docs/rules.md).
//
// # Days and periods
//
// A Date is a civil day in Finland (Europe/Helsinki) with no time of day; a
// Period is a count of days, weeks, months or years. Neither allocates, and
// no instant or time zone arithmetic reaches the rules: FromTime is the one
// door from a time.Time.
//
// # Two directions
//
// The terms count periods in two ways. "At least one month before the change
// takes effect" (YTE 3.8, OTV 4.5, SAT) is BeforeEffect: counted backwards
// from the effective day, the first day of the new situation; the latest
// notice day is effective − 1 month. "Terminable with one month's notice"
// (YLS 20) is NoticePeriod: counted forwards from the day the notice was
// received; the period ends on given + 1 month, the last day in force, so the
// earliest effective day is the day after. A Term is a Period with its
// Direction and answers LatestNotice, EarliestEffective and Timely, which
// always agree with each other. Periods count from receipt, not from sending.
//
// # The act on the computation of time limits, by analogy
//
// Both directions follow the Finnish act on the computation of statutory time
// limits (laki säädettyjen määräaikain laskemisesta, 150/1930). Contractual
// periods are not statutory, so the act applies by analogy; this package
// follows it because it is how Finnish lawyers read "one month":
//
//   - §2: the day from which a period is counted is not part of it.
//   - §3: a period in weeks or months ends on the same weekday or day number,
//     or on the month's last day when the month has no such day: 31 January
//     plus 1 month is 28 February (29 in a leap year). A period is added in
//     one step, so 31 January + 2 months is 31 March. Date.Add implements it;
//     time.AddDate does not (it gives 3 March) and is never used for periods.
//   - §4: a period before a day is counted backwards the same way: 31 March
//     − 1 month = 28 February. Date.Sub implements it.
//   - §5: when the last day for an act is a Saturday, a Sunday, a church
//     holiday, Independence Day, May Day, Christmas Eve or Midsummer Eve, the
//     act may be done on the next working day. Calendar knows these days:
//     Finland takes the public holidays of github.com/rickar/cal/v2/fi (a
//     maintained calendar, not a hand-written table) and completes them with
//     Christmas Eve, which that library files as a mere observance, and
//     Midsummer Eve wherever a year lacks them.
//
// # Rolls
//
// §5 moves a deadline later, which for a before-effect deadline shortens the
// notice, and §4 brings only §2–§3 into backward counting; the act does not
// settle it. So the caller chooses a Roll and the result records it:
// RollNone (the default: the plain calendar), RollForward (§5's wording: a
// non-working latest notice day moves to the next working day) or
// RollBackward (conservative: to the previous working day, so a notice is
// never short). None is the default because it is what the terms literally
// say and needs no calendar; the other two are readings the parties may agree
// on.
//
// A roll applies to latest notice days, the days by which someone must act.
// A Calculation's earliest effective day is the first effective day whose
// rolled latest notice day the notice meets, so its answers always agree:
// the notice on LatestNotice is timely, EarliestEffective is timely and the
// day before it is not, whatever the roll.
//
// # The rules
//
// Rules returns the table of notice rules as data, LookupRule finds one by its
// stable identifier:
//
//	technical-change             2 weeks  before-effect  YTE 3.8, OTV 4.5  late: recorded
//	cessation-of-operations      1 month  before-effect  YTE 3.8, OTV 4.5  late: recorded
//	service-termination          1 month  before-effect  SAT               late: refused
//	app-withdrawal               1 month  before-effect  OTV 4.5           late: refused
//	maintenance-break            1 week   before-effect  OTV 4.5           late: recorded
//	joint-agreement-termination  1 month  notice-period  YLS 20            late: refused
//	large-disruption             without delay           OTV 4.5
//	contact-change               no fixed period         YTE 3.8, OTV 4.5
//	data-breach                  hours, not days         YLS 4.2, YTE 3.9
//
// joint-agreement-termination's month gives way to the notice period of the
// parties' production agreement where that sets another (YLS 20):
// Rule.WithPeriod sets it, and refuses for every other rule, whose period the
// terms fix. The last three rules have no period: large-disruption is due
// without delay, contact details are kept current, and a data breach is
// reported to the controller without delay and, where the controller's risk
// assessment requires, to the supervisory authority within 72 hours (GDPR
// art. 33). Those hours are outside this date arithmetic; Calculate refuses
// these rules with a *TermError.
//
// # Late notices (design)
//
// The terms do not say what a late notice is worth; this library decides, and
// Rule.Late records it (docs/rules.md gives it as each notice rule's
// reading). A termination or withdrawal (service-termination, app-withdrawal,
// joint-agreement-termination) that is not timely is refused and changes
// nothing: the library models the compliant procedure, and urgent removal
// goes through suspension. A late notification of a change
// (technical-change, cessation-of-operations, maintenance-break) breaches a
// duty but is not an invalid act: it is accepted and recorded as late, with
// its clause. This package only reports timeliness; the lifecycle applies
// the treatment.
//
// # Calculations and errors
//
// Rule.Calculate takes the notice day, the effective day or both, a Roll and
// a Calendar, and returns a Calculation with the days, Timely, and Explain:
// what was counted, from which day, in which direction, whether a month end
// was clamped, and whether and why a day was rolled (the weekday, or the
// holiday's Finnish name). Errors are values that carry the offending input
// and work with errors.As: *ParseError (dates, periods, rolls),
// *UnknownRuleError (with the known identifiers), *OverrideError, *TermError
// and *RangeError (a day, given or computed, outside the years 0002–9999;
// year 1 is refused whatever the roll, because counting there can need a day
// before 0001-01-01); ErrNoDay when neither day is given. Messages quote
// input through Excerpt, so they stay short whatever the input. Nothing
// panics on input; MustDate is for constants.
//
// Everything here is a value: no package state changes, Rules returns a
// fresh table, and a Calendar is immutable and safe for concurrent use.
package notice
