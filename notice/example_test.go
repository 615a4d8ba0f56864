package notice_test

import (
	"fmt"
	"time"

	"github.com/kantakit/kanta/notice"
)

func ExampleParse() {
	d, err := notice.Parse("2024-02-29")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d, d.Weekday())

	_, err = notice.Parse("2025-02-29")
	fmt.Println(err)
	// Output:
	// 2024-02-29 Thursday
	// notice: cannot read "2025-02-29": expected a day from 01 to 28 (February 2025 has 28 days)
}

func ExampleDate_Add() {
	jan31 := notice.MustDate(2025, time.January, 31)
	fmt.Println(jan31.Add(notice.Months(1)))                                   // §3: February has no 31st
	fmt.Println(jan31.Add(notice.Months(2)))                                   // one step, not two
	fmt.Println(jan31.Add(notice.Months(1)).Add(notice.Months(1)))             // two steps
	fmt.Println(notice.MustDate(2024, time.January, 31).Add(notice.Months(1))) // leap year
	fmt.Println(jan31.Add(notice.Weeks(2)))
	// Output:
	// 2025-02-28
	// 2025-03-31
	// 2025-03-28
	// 2024-02-29
	// 2025-02-14
}

func ExampleDate_Sub() {
	fmt.Println(notice.MustDate(2025, time.March, 31).Sub(notice.Months(1))) // §4
	fmt.Println(notice.MustDate(2024, time.March, 31).Sub(notice.Months(1)))
	// Output:
	// 2025-02-28
	// 2024-02-29
}

func ExampleTerm_LatestNotice() {
	beforeEffect := notice.Term{Period: notice.Months(1), Direction: notice.BeforeEffect}
	noticePeriod := notice.Term{Period: notice.Months(1), Direction: notice.NoticePeriod}
	fmt.Println(beforeEffect.LatestNotice(notice.MustDate(2025, time.February, 28)))
	fmt.Println(beforeEffect.LatestNotice(notice.MustDate(2024, time.March, 31)))
	fmt.Println(noticePeriod.LatestNotice(notice.MustDate(2025, time.March, 1)))
	// Output:
	// 2025-01-28
	// 2024-02-29
	// 2025-01-31
}

func ExampleTerm_EarliestEffective() {
	beforeEffect := notice.Term{Period: notice.Months(1), Direction: notice.BeforeEffect}
	noticePeriod := notice.Term{Period: notice.Months(1), Direction: notice.NoticePeriod}
	given := notice.MustDate(2025, time.January, 31)
	fmt.Println(beforeEffect.EarliestEffective(given))
	fmt.Println(noticePeriod.EarliestEffective(given))
	// Output:
	// 2025-03-01
	// 2025-03-01
}

func ExampleLookupRule() {
	rule, err := notice.LookupRule(notice.ServiceTermination)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rule.Term, rule.Clause(), "late:", rule.Late)

	_, err = notice.LookupRule("termination")
	fmt.Println(err)
	// Output:
	// 1 month before-effect SAT late: refused
	// notice: unknown rule "termination": expected one of technical-change, cessation-of-operations, service-termination, app-withdrawal, maintenance-break, joint-agreement-termination, large-disruption, contact-change, data-breach
}

func ExampleRule_Calculate() {
	rule, _ := notice.LookupRule(notice.ServiceTermination)
	calc, err := rule.Calculate(
		notice.MustDate(2025, time.February, 3), // the notice reached Kela
		notice.MustDate(2025, time.March, 1),    // the first day without the service
		notice.RollForward, notice.Finland())
	if err != nil {
		fmt.Println(err)
		return
	}
	timely, _ := calc.Timely()
	fmt.Println(calc.LatestNotice, calc.EarliestEffective, timely)
	fmt.Println(calc.Explain())
	// Output:
	// 2025-02-03 2025-03-01 true
	// service-termination (SAT): 1 month before-effect, roll forward.
	// Latest notice day 2025-02-03: 1 month counted back from the effective day 2025-03-01 (act 150/1930 §4, by analogy): 2025-03-01 - 1 month = 2025-02-01. Then the latest notice day 2025-02-01 is not a working day: roll forward moves past 2025-02-01 (Saturday), 2025-02-02 (Sunday) to the next working day, 2025-02-03, following act 150/1930 §5.
	// Earliest effective day 2025-03-01: on the plain calendar it is 2025-03-03, the first effective day whose latest notice day, 1 month before it (act 150/1930 §4, by analogy), is on or after the notice day 2025-02-03: 2025-03-03 - 1 month = 2025-02-03, while 2025-03-02 - 1 month = 2025-02-02 is before the notice. Roll forward applies to latest notice days, and the earliest effective day is the first whose rolled latest notice day is on or after 2025-02-03. For 2025-03-01, the latest notice day 2025-02-01 is not a working day: roll forward moves past 2025-02-01 (Saturday), 2025-02-02 (Sunday) to the next working day, 2025-02-03, following act 150/1930 §5. For 2025-02-28, the day before, the latest notice day 2025-01-28 is a working day, which roll forward keeps. So the roll moves the earliest effective day from 2025-03-03 to 2025-03-01.
	// Timely: the notice on 2025-02-03 is on or before the latest notice day 2025-02-03.
}

func ExampleRule_WithPeriod() {
	joint, _ := notice.LookupRule(notice.JointAgreementTermination)
	three, err := joint.WithPeriod(notice.Months(3)) // the production agreement's period (YLS 20)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(three.Term.EarliestEffective(notice.MustDate(2025, time.January, 31)))

	service, _ := notice.LookupRule(notice.ServiceTermination)
	_, err = service.WithPeriod(notice.Months(3))
	fmt.Println(err)
	// Output:
	// 2025-05-01
	// notice: cannot set the period of service-termination to "P3M": only joint-agreement-termination's period may be overridden (YLS 20); this rule's period is fixed by SAT
}

func ExampleCalendar() {
	fi := notice.Finland()
	for _, day := range []notice.Date{
		notice.MustDate(2025, time.December, 24),
		notice.MustDate(2025, time.June, 20),
		notice.MustDate(2025, time.December, 23),
	} {
		name, _ := fi.Holiday(day)
		fmt.Println(day, day.Weekday(), fi.IsWorkingDay(day), name)
	}
	// Output:
	// 2025-12-24 Wednesday false Jouluaatto
	// 2025-06-20 Friday false Juhannusaatto
	// 2025-12-23 Tuesday true
}

func ExampleRoll() {
	fi := notice.Finland()
	christmasEve := notice.MustDate(2025, time.December, 24)
	for _, s := range []string{"none", "forward", "backward"} {
		roll, err := notice.ParseRoll(s)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(roll, roll.Apply(fi, christmasEve))
	}
	// Output:
	// none 2025-12-24
	// forward 2025-12-29
	// backward 2025-12-23
}
