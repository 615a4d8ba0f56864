// Package notice computes the days of the Kanta terms: civil dates in Finland,
// periods ("two weeks", "one month") and notice terms in their two directions.
//
// The terms count periods in two ways (SPEC §5). "At least one month before
// the change takes effect" (YTE 3.8, OTV 4.5, SAT) counts backwards from the
// effective day: the latest notice day is effective − 1 month. "Terminable with
// one month's notice" (YLS 20) counts forwards from the day the notice was
// received: the period ends on given + 1 month, the last day in force.
//
// Both follow the Finnish act on the computation of statutory time limits
// (laki säädettyjen määräaikain laskemisesta, 150/1930). Contractual periods
// are not statutory, so the act applies by analogy; this package follows it
// because it is how Finnish lawyers read "one month": §3 ends a period in weeks
// or months on the same weekday or day number, or on the month's last day when
// the month has no such day (31 January + 1 month = 28 February); §4 counts
// periods before a day backwards the same way (31 March − 1 month = 28
// February).
package notice
