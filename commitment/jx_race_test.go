//go:build race

package commitment_test

// jxRaceDetector reports whether the tests run under the race detector,
// which makes the JSON encoding of the generated sequences about ten times
// slower.
const jxRaceDetector = true
