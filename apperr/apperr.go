// Package apperr is the one error type the application shows to people: a code
// that maps to an HTTP status in one place, a message in Chinese and, for
// invalid input, the fields (questions or columns) that are wrong.
package apperr

import (
	"errors"
	"fmt"
)

// Codes, as the API contract names them.
const (
	Unauthenticated = "unauthenticated"
	Forbidden       = "forbidden"
	NotFound        = "not_found"
	Invalid         = "invalid"
	Conflict        = "conflict"
	Closed          = "closed"
	TooManyRequests = "too_many_requests"
	Internal        = "internal"
)

// Error is an application error safe to show to its user.
type Error struct {
	Code    string
	Message string            // Chinese, for people
	Fields  map[string]string // question id or column → what is wrong
	// Status overrides the HTTP status the code maps to (400 for malformed
	// input, 413 for a body too large, both with code invalid).
	Status int
}

func (e *Error) Error() string {
	if len(e.Fields) > 0 {
		return fmt.Sprintf("%s: %s %v", e.Code, e.Message, e.Fields)
	}
	return e.Code + ": " + e.Message
}

// New makes an error with a code and a message.
func New(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// WithFields makes an invalid-input error naming the wrong fields.
func WithFields(message string, fields map[string]string) *Error {
	return &Error{Code: Invalid, Message: message, Fields: fields}
}

// BadRequest is malformed input: invalid with status 400.
func BadRequest(format string, args ...any) *Error {
	return &Error{Code: Invalid, Message: fmt.Sprintf(format, args...), Status: 400}
}

// As finds an application error in err's chain.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// CodeOf returns the code of err, Internal for anything that is not ours.
func CodeOf(err error) string {
	if e, ok := As(err); ok {
		return e.Code
	}
	return Internal
}

// Is reports whether err carries the given code.
func Is(err error, code string) bool { return CodeOf(err) == code }
