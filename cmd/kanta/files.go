package main

// maxLedgerSize is the largest payments ledger kanta cap reads: 64 MiB,
// some two million payments, where a customer's real ledger for a service
// has a line a month. The ledger is read one line at a time, so the bound
// limits the time a run takes rather than its memory.
const maxLedgerSize = 64 << 20

// readsMore ends the message for an input file over its limit.
const readsMore = "this command reads"
