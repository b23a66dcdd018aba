package handlers

import (
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/session"

	"healthcheck/apperr"
	"healthcheck/models"
)

const sessionCookie = "hc_session"

// RoleEnterprise is a firm logged in with its invitation code; officials have
// the roles of their accounts (models.RoleBureau, models.RoleDistrict).
const RoleEnterprise = "enterprise"

// principal is who is calling, as the session says.
type principal struct {
	Role         string
	UserID       int64
	Username     string
	District     string
	EnterpriseID int64
	EntryID      int64
	Name         string // shown in the header: the firm or the account
	Epoch        int    // the account's session epoch at login (officials)
}

// scope turns the session into what it may see.
func (p *principal) scope() models.Scope {
	switch p.Role {
	case RoleEnterprise:
		return models.FirmScope(p.EnterpriseID)
	case models.RoleDistrict:
		return models.DistrictScope(p.District)
	case models.RoleBureau:
		return models.CityScope()
	}
	return models.Scope{} // sees nothing
}

func (p *principal) official() bool {
	return p.Role == models.RoleBureau || p.Role == models.RoleDistrict
}

// Session keys.
const (
	kRole, kUser, kName, kDistrict = "role", "uid", "name", "district"
	kEnterprise, kEntry, kInvite   = "eid", "entry", "invite"
	kUsername, kSeen, kEpoch       = "username", "seen", "epoch"
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
	if c.Cookies(sessionCookie) == "" {
		return nil, nil
	}
	sess, err := h.sessions.Get(c)
	if err != nil {
		return nil, err
	}
	role, _ := sess.Get(kRole).(string)
	if role == "" {
		return nil, nil
	}
	p := &principal{Role: role}
	p.UserID, _ = sess.Get(kUser).(int64)
	p.Username, _ = sess.Get(kUsername).(string)
	p.Name, _ = sess.Get(kName).(string)
	p.District, _ = sess.Get(kDistrict).(string)
	p.EnterpriseID, _ = sess.Get(kEnterprise).(int64)
	p.EntryID, _ = sess.Get(kEntry).(int64)
	p.Epoch, _ = sess.Get(kEpoch).(int)
	if ok, err := h.stillValid(c, sess, p); err != nil || !ok {
		if !ok {
			_ = sess.Destroy()
		}
		return nil, err
	}
	if seen, _ := sess.Get(kSeen).(int64); time.Since(time.Unix(seen, 0)) > refreshAfter {
		sess.Set(kSeen, time.Now().Unix())
		if err := sess.Save(); err != nil {
			return nil, err
		}
	}
	c.Locals(localPrincipal, p)
	return p, nil
}

// stillValid ends sessions whose account was disabled or had its password
// reset, or whose invitation code was reissued: the old credentials must stop
// working everywhere at once.
func (h *handler) stillValid(c *fiber.Ctx, sess *session.Session, p *principal) (bool, error) {
	ctx := c.UserContext()
	switch p.Role {
	case RoleEnterprise:
		hash, err := h.Store.InviteHash(ctx, p.EntryID)
		if err != nil {
			return false, err
		}
		want, _ := sess.Get(kInvite).(string)
		return hash != "" && hash == want, nil
	case models.RoleBureau, models.RoleDistrict:
		u, err := h.Store.UserByID(ctx, p.UserID)
		if apperr.Is(err, apperr.Unauthenticated) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		return u.Role == p.Role && u.District == p.District && u.SessionEpoch == p.Epoch, nil
	}
	return false, nil
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
