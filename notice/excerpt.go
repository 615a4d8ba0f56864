package notice

import "strconv"

// ExcerptLimit is the most bytes Excerpt quotes of an input, quotation marks
// and escapes included. It fits the longest identifier of the library with
// room to spare, so a mistyped service or rule is quoted whole.
const ExcerptLimit = 48

// Excerpt quotes input for an error message, as %q does, but never longer
// than ExcerptLimit bytes: a longer input is cut at a character boundary and
// followed by an ellipsis and its full length, like
// "1111111111111111111111111111111111111111111111"… (5242880 bytes).
// Messages throughout the library and the kanta command quote input only
// through Excerpt, so that no input, however long or binary, turns an error
// into more than one short line.
func Excerpt(input string) string {
	if len(input) <= ExcerptLimit {
		if q := strconv.Quote(input); len(q) <= ExcerptLimit {
			return q
		}
	}
	// Every character quotes to at least one byte, so the prefix that fits
	// is found among the first ExcerptLimit characters. Quoting each prefix
	// is quadratic in ExcerptLimit only, never in the input.
	fits, n := `""`, 0
	for i := range input {
		if n++; n > ExcerptLimit {
			break
		}
		q := strconv.Quote(input[:i])
		if len(q) > ExcerptLimit {
			break
		}
		fits = q
	}
	return fits + "… (" + strconv.Itoa(len(input)) + " bytes)"
}
