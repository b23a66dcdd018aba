package views

import (
	"fmt"
	"io"
	"time"

	"healthcheck/city"
	"healthcheck/clock"
)

// Letter is one firm's invitation: the code exists in clear only while the
// letter is written, right after it was issued.
type Letter struct {
	Name, CreditCode, District, Code string
}

// LettersCampaign is what a letter says about the campaign.
type LettersCampaign struct {
	Year  int
	Title string
}

// Letters is a printable set of invitation letters, one A4 page each.
type Letters struct {
	Campaign      LettersCampaign
	Opens, Closes string // the window's first and last day
	LoginURL      string
	Date          string // the letters' date
	Letters       []Letter
	City          *city.Config
}

// RenderLetters writes the letters as one self-contained HTML page (its
// styles inline), for the browser's print dialog or a file printed offline.
func (v *Views) RenderLetters(w io.Writer, l Letters) error {
	l.City = v.city
	if l.Date == "" {
		l.Date = clock.Local(time.Now()).Format("2006年1月2日")
	}
	t, err := v.page("invite_letters")
	if err != nil {
		return err
	}
	if err := t.ExecuteTemplate(w, "invite_letters.html", l); err != nil {
		return fmt.Errorf("views: render letters: %w", err)
	}
	return nil
}
