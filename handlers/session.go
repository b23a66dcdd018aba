package handlers

import (
	"bytes"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"healthcheck/app"
)

const sessionCookie = "hc_session"

// RoleEnterprise is a firm logged in with its invitation code; officials have
// the roles of their accounts (app.RoleBureau, app.RoleDistrict).
const RoleEnterprise = app.RoleEnterprise

// principal is who is calling, as the session says.
type principal struct {
	app.Identity
	// LogoutToken is the session's own token for logging out by a form:
	// a page of another session, or another site, cannot know it.
	LogoutToken string
}

// scope turns the session into what it may see.
func (p *principal) scope() app.Scope { return p.Scope() }

func (p *principal) official() bool { return p.Official() }

// Session keys.
const (
	kRole, kUser, kName, kDistrict = "role", "uid", "name", "district"
	kEnterprise, kEntry, kInvite   = "eid", "entry", "invite"
	kUsername, kSeen, kEpoch       = "username", "seen", "epoch"
	kLogout                        = "logout"
)

// refreshAfter: a session's idle timer is pushed back at most this often, so a
// page view is not a database write.
const refreshAfter = 5 * time.Minute

const localPrincipal = "principal"

// loadPrincipal reads the session, if any, and checks that what it names is
// still valid (account enabled, invitation code not replaced).
func (h *handler) loadPrincipal(c *fiber.Ctx) (*principal, error) {
	if p, ok := c.Locals(localPrincipal).(*principal); ok {
		return p, nil
	}
	// A copy: Fiber's string points into a request buffer later requests
	// overwrite, and the id is kept as the session cache's key.
	id := strings.Clone(c.Cookies(sessionCookie))
	if id == "" {
		return nil, nil
	}
	ds, err := h.readSession(c, id)
	if err != nil || ds == nil {
		return nil, err
	}
	p := ds.principal // the request's own copy
	if ok, err := h.App.Sessions.StillValid(c.UserContext(), &p.Identity, ds.invite); err != nil || !ok {
		if err == nil {
			err = h.endSession(c)
		}
		return nil, err
	}
	if time.Since(time.Unix(ds.seen, 0)) > refreshAfter {
		if err := h.touchSession(c); err != nil {
			return nil, err
		}
	}
	c.Locals(localPrincipal, &p)
	return &p, nil
}

// decodedSession is a stored session as loadPrincipal needs it, with the
// stored bytes it was decoded from.
type decodedSession struct {
	raw []byte
	principal
	invite string
	seen   int64
}

// decodedSessions is how many decoded sessions are kept: more than the
// city's firms and officials signed in at once.
const decodedSessions = 16384

// readSession returns the live session id names, nil when there is none.
// Every signed-in request reads its session's stored bytes; decoding them
// (gob, through Fiber's session store) costs more than reading them, so a
// session whose bytes are unchanged since the last request is not decoded
// again. Any change — a refresh, a new epoch, a logout — changes or removes
// the bytes, so the cache never answers for a session it has not seen.
func (h *handler) readSession(c *fiber.Ctx, id string) (*decodedSession, error) {
	raw, err := h.sessions.Storage.Get(id)
	if err != nil || raw == nil {
		return nil, err
	}
	if ds, ok := h.decoded.Get(id); ok && bytes.Equal(ds.raw, raw) {
		return ds, nil
	}
	sess, err := h.sessions.Get(c)
	if err != nil {
		return nil, err
	}
	ds := &decodedSession{raw: raw}
	ds.Role, _ = sess.Get(kRole).(string)
	if ds.Role == "" {
		return nil, nil
	}
	ds.UserID, _ = sess.Get(kUser).(int64)
	ds.Username, _ = sess.Get(kUsername).(string)
	ds.Name, _ = sess.Get(kName).(string)
	ds.District, _ = sess.Get(kDistrict).(string)
	ds.EnterpriseID, _ = sess.Get(kEnterprise).(int64)
	ds.EntryID, _ = sess.Get(kEntry).(int64)
	ds.Epoch, _ = sess.Get(kEpoch).(int)
	ds.LogoutToken, _ = sess.Get(kLogout).(string)
	ds.invite, _ = sess.Get(kInvite).(string)
	ds.seen, _ = sess.Get(kSeen).(int64)
	h.decoded.Add(id, ds)
	return ds, nil
}

// touchSession pushes the session's idle timer back.
func (h *handler) touchSession(c *fiber.Ctx) error {
	sess, err := h.sessions.Get(c)
	if err != nil {
		return err
	}
	sess.Set(kSeen, time.Now().Unix())
	return sess.Save()
}

// startSession replaces any session with a fresh one (no fixation) for p.
func (h *handler) startSession(c *fiber.Ctx, p *principal, invite string) error {
	sess, err := h.sessions.Get(c)
	if err != nil {
		return err
	}
	if err := sess.Regenerate(); err != nil {
		return err
	}
	for _, k := range sess.Keys() {
		sess.Delete(k)
	}
	sess.Set(kRole, p.Role)
	sess.Set(kUser, p.UserID)
	sess.Set(kUsername, p.Username)
	sess.Set(kName, p.Name)
	sess.Set(kDistrict, p.District)
	sess.Set(kEnterprise, p.EnterpriseID)
	sess.Set(kEntry, p.EntryID)
	sess.Set(kInvite, invite)
	sess.Set(kEpoch, p.Epoch)
	sess.Set(kSeen, time.Now().Unix())
	sess.Set(kLogout, utils.UUIDv4())
	return sess.Save()
}

// endSession logs out.
func (h *handler) endSession(c *fiber.Ctx) error {
	if c.Cookies(sessionCookie) == "" {
		return nil
	}
	sess, err := h.sessions.Get(c)
	if err != nil {
		return err
	}
	return sess.Destroy()
}

// sessionExpired reports a session cookie that names no stored session: it
// expired, or it was ended. (A visitor's session holding only the login
// form's token is stored, and is not expired.)
func (h *handler) sessionExpired(c *fiber.Ctx) bool {
	id := c.Cookies(sessionCookie)
	if id == "" {
		return false
	}
	raw, err := h.sessions.Storage.Get(id)
	return err == nil && raw == nil
}
